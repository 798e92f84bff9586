(function (win, doc) {
  'use strict';
  var root = doc.documentElement, body = doc.body;
  function attr(name) { return body.getAttribute('data-' + name) || ''; }
  function num(name, dflt) { var v = parseFloat(attr(name)); return isNaN(v) ? dflt : v; }

  var W = num('w', 1920), H = num('h', 1080), SHIFT = num('shift', 6);
  var FLOOR = num('floor', 28), BODY_FLOOR = num('body-floor', 40);
  var POLL = Math.max(10, num('poll', 60)) * 1000;
  var OFFSET = num('offset', 480) * 60000;
  var NIGHT_FROM = num('night-from', 1320), NIGHT_TO = num('night-to', 390);
  // VERSION changes exactly when this board's page does (version.json's boards).
  var PATH = attr('path'), ROOT = attr('root'), VERSION = attr('version');
  var WEEKDAYS = attr('weekdays').split(','), DATEFMT = attr('datefmt');
  var OVERDUE = attr('overdue');
  var MINUTE = 60000, HOUR = 60 * MINUTE, DAY = 24 * HOUR;
  var TIMEOUT = Math.min(POLL, 30000), SHIFT_EVERY = 5 * MINUTE;
  // Written into window.name before a reload, so a page that still does not
  // match version.json afterwards never reloads again for the same build.
  var MARK = 'gongshi-reloaded:';
  // Split so that this script never contains the page's last line.
  var END = '<!-' + '-kiosk-end-' + '->';

  var canvas = doc.getElementById('canvas'), frame = doc.getElementById('frame');
  var clockEl = doc.getElementById('clock'), dateEl = doc.getElementById('date');
  var offlineEl = doc.getElementById('offline');
  var urgentEl = doc.getElementById('urgent'), alertsSeen = null;
  var slides = doc.getElementById('main').children, bases = [];
  var online = /^https?:$/.test(win.location.protocol);

  var skew = 0, minute = -1, night = null, day = '';
  var current = null, req = null, reqAt = 0, fails = 0, hygiene = false, leaving = false;
  // The page as shown, fetched once: a new build whose page is the same
  // bytes (another compound changed) needs no reload.
  var mine = null;
  var slide = 0, slideAt = 0, pollAt = 0, shiftAt = 0, shiftStep = 0, hygieneAt = 0, last = 0;

  function now() { return new Date().getTime(); }
  function pad2(n) { return n < 10 ? '0' + n : String(n); }
  function setText(el, s) {
    if (el && el.firstChild && el.firstChild.nodeValue !== s) { el.firstChild.nodeValue = s; }
  }
  function setTransform(el, v) {
    var s = el.style;
    s.webkitTransform = v; s.msTransform = v; s.transform = v;
  }

  // The canvas keeps its design size and is scaled uniformly into the viewport.
  function fit() {
    var vw = win.innerWidth || root.clientWidth, vh = win.innerHeight || root.clientHeight;
    if (!vw || !vh) { return; }
    var k = Math.min(vw / W, vh / H);
    setTransform(canvas, 'translate(' + Math.floor((vw - W * k) / 2) + 'px,' + Math.floor((vh - H * k) / 2) + 'px) scale(' + k + ')');
  }

  // The site's wall time, whatever zone the device is set to: read with getUTC*.
  function siteTime(t) { return new Date(t + skew + OFFSET); }

  function clock(t) {
    var d = siteTime(t), m = d.getUTCHours() * 60 + d.getUTCMinutes();
    if (m === minute) { return; }
    minute = m;
    setText(clockEl, pad2(d.getUTCHours()) + ':' + pad2(d.getUTCMinutes()));
    if (DATEFMT) {
      setText(dateEl, DATEFMT.replace('{y}', String(d.getUTCFullYear()))
        .replace('{mm}', pad2(d.getUTCMonth() + 1)).replace('{dd}', pad2(d.getUTCDate()))
        .replace('{m}', String(d.getUTCMonth() + 1)).replace('{d}', String(d.getUTCDate()))
        .replace('{w}', WEEKDAYS[d.getUTCDay()] || ''));
    }
    var on = NIGHT_FROM === NIGHT_TO ? false
      : NIGHT_FROM < NIGHT_TO ? (m >= NIGHT_FROM && m < NIGHT_TO)
      : (m >= NIGHT_FROM || m < NIGHT_TO);
    if (on !== night) { night = on; root.className = on ? 'night' : ''; }
  }

  // The site's date, YYYY-MM-DD: compared as text with data-due and data-until.
  function siteDay(t) {
    var d = siteTime(t);
    return d.getUTCFullYear() + '-' + pad2(d.getUTCMonth() + 1) + '-' + pad2(d.getUTCDate());
  }
  function dayNumber(s) {
    var p = s.split('-');
    return Math.round(Date.UTC(+p[0], +p[1] - 1, +p[2]) / DAY);
  }

  // A board left on past midnight (or whose server is down) corrects what
  // the date alone decides: a notice after its period is hidden, an open
  // case past its due date is marked overdue, as the next build would.
  function correct(today) {
    var items = doc.getElementsByTagName('li'), i, el, due, until;
    for (i = 0; i < items.length; i += 1) {
      el = items[i];
      until = el.getAttribute('data-until');
      if (until && today > until) { el.style.display = 'none'; }
      due = el.getAttribute('data-due');
      if (due && today > due && OVERDUE) {
        markOverdue(el, OVERDUE.replace('{n}', String(dayNumber(today) - dayNumber(due))));
      }
    }
  }
  function markOverdue(el, text) {
    var b = el.getElementsByTagName('b')[0], meta, ps, j;
    if (b) { setText(b, text); return; }
    ps = el.getElementsByTagName('p');
    for (j = 0; j < ps.length; j += 1) { if (hasClass(ps[j], 'meta')) { meta = ps[j]; } }
    if (!meta) {
      meta = doc.createElement('p');
      meta.className = 'meta';
      (el.getElementsByTagName('div')[0] || el).appendChild(meta);
    }
    b = doc.createElement('b');
    b.className = 'alert';
    b.appendChild(doc.createTextNode(text));
    meta.appendChild(doc.createTextNode(' '));
    meta.appendChild(b);
  }
  // "2026-12-03T09:05", the site's wall time, as data-from/data-until are written.
  function siteMinute(t) {
    var d = siteTime(t);
    return siteDay(t) + 'T' + pad2(d.getUTCHours()) + ':' + pad2(d.getUTCMinutes());
  }

  // Urgent notices: the band shows those in force at t, by the site's clock.
  function band(t) {
    if (!urgentEl) { return; }
    var now = siteMinute(t), ps = urgentEl.getElementsByTagName('p'), any = false, i, on;
    for (i = 0; i < ps.length; i += 1) {
      on = now >= ps[i].getAttribute('data-from') && now < ps[i].getAttribute('data-until');
      ps[i].className = on ? 'on' : '';
      any = any || on;
    }
    urgentEl.className = any ? 'urgent on' : 'urgent';
  }

  // version.json lists every urgent notice with the compounds it reaches:
  // the band takes this board's, without waiting for a new page.
  function takeAlerts(v) {
    if (!urgentEl || !v.alerts || typeof v.alerts.length !== 'number') { return; }
    var mine = [], i, a, key, p, b, label = urgentEl.getAttribute('data-label') || '';
    for (i = 0; i < v.alerts.length; i += 1) {
      a = v.alerts[i];
      if (a && a.compounds && a.compounds.indexOf(urgentEl.getAttribute('data-compound')) >= 0) {
        mine.push(a);
      }
    }
    key = JSON.stringify(mine);
    if (key === alertsSeen) { return; }
    alertsSeen = key;
    while (urgentEl.firstChild) { urgentEl.removeChild(urgentEl.firstChild); }
    for (i = 0; i < mine.length; i += 1) {
      a = mine[i];
      p = doc.createElement('p');
      p.setAttribute('data-from', String(a.from));
      p.setAttribute('data-until', String(a.until));
      b = doc.createElement('b');
      b.appendChild(doc.createTextNode(label));
      p.appendChild(b);
      p.appendChild(doc.createTextNode(' ' + a.title + '（' + a.when + '）' + (a.text || '')));
      urgentEl.appendChild(p);
    }
  }

  function dayChange(t) {
    var today = siteDay(t);
    if (today !== day) { day = today; correct(today); }
  }

  function seconds(el) {
    var s = parseFloat(el.getAttribute('data-s'));
    return (isNaN(s) ? 12 : s) * 1000;
  }

  function show(i, t) {
    if (slides.length < 2) { slideAt = Infinity; return; }
    slides[slide].className = bases[slide];
    slide = i % slides.length;
    slides[slide].className = bases[slide] + ' on';
    slideAt = t + seconds(slides[slide]);
  }

  // Against burn-in: the whole board moves a few pixels round a small circle.
  function shift() {
    shiftStep = (shiftStep + 1) % 8;
    var a = shiftStep * Math.PI / 4;
    setTransform(frame, 'translate(' + Math.round(SHIFT * Math.cos(a)) + 'px,' + Math.round(SHIFT * Math.sin(a)) + 'px)');
  }

  // Slides were cut at build time from assumed font metrics, with room to
  // spare; a player's own font may still run a box over. Such a box shrinks
  // its type a step at a time, never below the legibility floor, rather
  // than cut off what it shows.
  var STEP = 0.95;
  function overflows(el) {
    return el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1;
  }
  function hasClass(el, c) { return (' ' + (el.getAttribute('class') || '') + ' ').indexOf(' ' + c + ' ') >= 0; }
  function ownText(el) {
    for (var n = el.firstChild; n; n = n.nextSibling) {
      if (n.nodeType === 3 && /\S/.test(n.nodeValue)) { return true; }
    }
    return false;
  }
  // Shrinks the type inside inner until box no longer overflows; each
  // text stops at its floor while the others go on.
  function fitBox(box, inner) {
    if (!box || !overflows(box)) { return; }
    var all = inner.getElementsByTagName('*'), els = [], px = [], lh = [], floor = [], least = 1, i, k, r, cs, el;
    for (i = -1; i < all.length; i += 1) {
      el = i < 0 ? inner : all[i];
      if (!ownText(el)) { continue; }
      cs = win.getComputedStyle(el, null);
      els.push(el);
      px.push(parseFloat(cs.fontSize));
      lh.push(parseFloat(cs.lineHeight));
      floor.push(Math.min(px[px.length - 1], hasClass(el, 'text') ? BODY_FLOOR : FLOOR));
      least = Math.min(least, floor[floor.length - 1] / px[px.length - 1]);
    }
    // Once k passes the smallest floor ratio, every text is at its floor.
    for (k = STEP; overflows(box); k *= STEP) {
      for (i = 0; i < els.length; i += 1) {
        r = Math.max(px[i] * k, floor[i]) / px[i];
        els[i].style.fontSize = (px[i] * r) + 'px';
        if (!isNaN(lh[i])) { els[i].style.lineHeight = (lh[i] * r) + 'px'; }
      }
      if (k <= least) { return; }
    }
  }
  function only(i) {
    for (var j = 0; j < slides.length; j += 1) { slides[j].className = bases[j] + (i === j ? ' on' : ''); }
  }
  function fitAll() {
    var header = doc.getElementById('header'), main = doc.getElementById('main'), i, h2;
    fitBox(header.children[0], header.children[0]);
    fitBox(header, header);
    fitBox(doc.getElementById('side'), doc.getElementById('side'));
    // A slide has a layout only while it is shown: each is shown alone.
    // Slides that spill add slides after them, which the loop then fits.
    for (i = 0; i < slides.length; i += 1) {
      only(i);
      h2 = slides[i].getElementsByTagName('h2')[0];
      fitBox(h2, h2);
      fitBox(main, slides[i]);
      if (overflows(main)) { spill(main, i); }
    }
    only(slide);
  }
  // The rows of slide i that still run past the bottom of main (the body
  // text is at its floor) move to a new slide after it, under the same heading.
  function spill(main, i) {
    var s = slides[i], bottom = main.getBoundingClientRect().bottom + 1;
    var cols = s.getElementsByTagName('ul'), next = null, c, rows, j, keep;
    for (c = 0; c < cols.length; c += 1) {
      rows = cols[c].children;
      // The first row that runs over, after at least one that stays.
      for (j = 1; j < rows.length && rows[j].getBoundingClientRect().bottom <= bottom; j += 1) { /* stays */ }
      if (j >= rows.length) { continue; }
      // A heading goes with the rows under it.
      while (j > 1 && !hasClass(rows[j - 1], 'item')) { j -= 1; }
      if (!next) {
        next = s.cloneNode(false);
        next.appendChild(s.getElementsByTagName('h2')[0].cloneNode(true));
        next.appendChild(doc.createElement('div')).className = 'cols';
      }
      keep = cols[c].cloneNode(false);
      while (rows.length > j) { keep.appendChild(rows[j]); }
      next.lastChild.appendChild(keep);
    }
    if (!next) { return; }
    s.parentNode.insertBefore(next, s.nextSibling);
    bases.splice(i + 1, 0, bases[i]);
  }

  // The time is an argument (as in step, clock and nextHygiene), so each
  // decision reads the clock once and can be followed from its caller.
  function later(t, ms) { pollAt = t + ms * (0.8 + 0.2 * Math.random()); }

  function offline(on) {
    if (offlineEl) { offlineEl.className = on ? 'offline on' : 'offline'; }
  }

  // After a failure, poll as usual twice, then back off up to 16 times the interval.
  function failed(t) {
    fails += 1;
    if (fails >= 3) { offline(true); }
    var wait = POLL * Math.min(16, Math.pow(2, Math.max(0, fails - 2)));
    later(t, Math.max(POLL, Math.min(wait, 30 * MINUTE)));
  }

  // One request at a time; done() gets the finished request, whatever its status.
  function get(url, done) {
    var x = new XMLHttpRequest();
    req = x;
    reqAt = now();
    x.onreadystatechange = function () {
      if (x.readyState !== 4 || req !== x) { return; }
      req = null;
      done(x);
    };
    try {
      x.open('GET', url, true);
      x.setRequestHeader('Cache-Control', 'no-cache');
      x.send(null);
    } catch (e) {
      req = null;
      failed(now());
    }
  }

  // A device without a network clock may be hours off: trust the server's.
  function learnClock(header) {
    var server = header ? Date.parse(header) : NaN;
    if (isNaN(server)) { return; }
    var d = server - now();
    skew = Math.abs(d) > 2 * MINUTE ? d : 0;
  }

  function poll() {
    get(ROOT + 'version.json?t=' + now(), function (x) {
      var v = null;
      if (x.status === 200) {
        try { v = JSON.parse(x.responseText); } catch (e) { v = null; }
      }
      if (!v || typeof v.build !== 'string') { failed(now()); return; }
      fails = 0;
      offline(false);
      learnClock(x.getResponseHeader('Date'));
      try { takeAlerts(v); band(now()); } catch (e) { /* the board goes on */ }
      check(v, now());
    });
  }

  function check(v, t) {
    // version.json names this page's version: whatever else the build
    // changed, this board's page is the one published.
    if (VERSION && v.boards && v.boards[PATH] === VERSION) { current = v.build; }
    // Unknown: no version.json has named this page (one without `boards`,
    // or a page out of date).
    var unknown = current === null;
    var fresh = unknown || v.build !== current;
    if (fresh && win.name === MARK + v.build) { current = v.build; fresh = false; }
    var len = v.kiosk ? v.kiosk[PATH] : undefined;
    if ((fresh || hygiene) && typeof len === 'number') { download(v.build, len, unknown); return; }
    if (mine === null && current === v.build && typeof len === 'number') { remember(len); return; }
    later(t, POLL);
  }

  function pageUrl() { return win.location.href.split('#')[0]; }

  function remember(len) {
    get(pageUrl(), function (x) {
      var text = x.status === 200 ? x.responseText : '';
      if (text && byteLength(text) === len && complete(text)) { mine = text; } else if (x.status) { mine = ''; }
      later(now(), POLL);
    });
  }

  // UTF-8 length of a string, as the server counts the page's bytes.
  function byteLength(s) {
    var n = 0, i, c;
    for (i = 0; i < s.length; i += 1) {
      c = s.charCodeAt(i);
      if (c < 0x80) { n += 1; } else if (c < 0x800) { n += 2; } else if (c >= 0xD800 && c <= 0xDBFF) { n += 4; i += 1; } else { n += 3; }
    }
    return n;
  }

  function versionOf(s) {
    var m = /data-version="([^"]*)"/.exec(s);
    return m ? m[1] : null;
  }

  function complete(s) {
    s = s.replace(/\s+$/, '');
    return s.length >= END.length && s.lastIndexOf(END) === s.length - END.length;
  }

  // Reload only once the new page is here in full: the same byte length as
  // version.json announces and its last line. Otherwise try again later.
  function download(build, len, unknown) {
    get(pageUrl(), function (x) {
      var text = x.status === 200 ? x.responseText : '';
      if (text && byteLength(text) === len && complete(text)) {
        // The same bytes, or for an unknown build the page of the same render: stay.
        var same = text === mine || (unknown && versionOf(text) === VERSION);
        if (!hygiene && same) { current = build; mine = text; later(now(), POLL); return; }
        leaving = true;
        try { win.name = MARK + build; } catch (e) { /* a reload without the guard */ }
        win.location.reload();
        return;
      }
      later(now(), POLL);
    });
  }

  // Once a day, early in the morning, the page reloads through the same checks.
  function nextHygiene(t) {
    var local = t + skew + OFFSET;
    var at = local - local % DAY + 4 * HOUR + Math.floor(Math.random() * 30 * MINUTE);
    while (at < local + HOUR) { at += DAY; }
    return at - skew - OFFSET;
  }

  function reset(t) {
    slideAt = t + 1000;
    shiftAt = t + SHIFT_EVERY;
    hygieneAt = nextHygiene(t);
    pollAt = t + 1000;
    minute = -1;
  }

  function step(t) {
    // The device clock jumped (set by hand or by the network): start over.
    if (last && (t < last - MINUTE || t > last + HOUR)) { reset(t); }
    last = t;
    clock(t);
    dayChange(t);
    band(t);
    if (t >= slideAt) { show(slide + 1, t); }
    if (t >= shiftAt) { shift(); shiftAt = t + SHIFT_EVERY; }
    if (!online || leaving) { return; }
    if (req) {
      if (t - reqAt > TIMEOUT) {
        var x = req;
        req = null;
        try { x.abort(); } catch (e) { /* already done */ }
        failed(t);
      }
      return;
    }
    if (t >= hygieneAt) { hygiene = true; hygieneAt = nextHygiene(t); pollAt = t; }
    if (t >= pollAt) { poll(); }
  }

  function tick() {
    var t = now();
    win.setTimeout(tick, 1000 - t % 1000 + 5);
    try { step(t); } catch (e) { /* the chain must go on */ }
  }

  var i, t0 = now();
  for (i = 0; i < slides.length; i += 1) {
    bases.push(slides[i].className.replace(/(^|\s)on(?=\s|$)/g, ''));
  }
  fit();
  try { dayChange(t0); band(t0); } catch (e) { /* the board as built still shows */ }
  try { fitAll(); } catch (e) { /* a board that cannot fit still shows */ }
  if (win.addEventListener) { win.addEventListener('resize', fit, false); } else { win.onresize = fit; }
  slideAt = slides.length ? t0 + seconds(slides[0]) : Infinity;
  shiftAt = t0 + SHIFT_EVERY;
  hygieneAt = nextHygiene(t0);
  pollAt = t0 + 1000 + Math.random() * 2000;
  tick();
}(window, document));
