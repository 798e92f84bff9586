/* gongshi board.js: keeps a phone page true between builds. ES5, no
   dependencies, loaded from the same origin (CSP script-src 'self').
   The page is complete without it; the script only corrects what the date
   alone decides, by the site's clock (data-offset on <body>, minutes east
   of UTC), never by the zone the phone happens to be set to:
   - data-until="2026-12-04": hidden after that day (a notice period);
     with a time, "2026-12-03T18:00", hidden from that minute on;
   - data-after="2026-12-10": shown after that day (the 已逾期 badge of a
     case due then, the 已结束 badge of a notice);
   - data-from="2026-12-03T09:00": hidden before that minute (an urgent
     notice announced ahead). */
(function (win, doc) {
  'use strict';
  var MINUTE = 60000;
  var body = doc.body;
  var offset = parseFloat(body.getAttribute('data-offset'));
  var OFFSET = (isNaN(offset) ? 480 : offset) * MINUTE;

  function pad2(n) { return n < 10 ? '0' + n : String(n); }

  // "2026-12-03T09:05" in the site's zone at time t (ms since the epoch).
  function siteMinute(t) {
    var d = new Date(t + OFFSET);
    return d.getUTCFullYear() + '-' + pad2(d.getUTCMonth() + 1) + '-' + pad2(d.getUTCDate()) +
      'T' + pad2(d.getUTCHours()) + ':' + pad2(d.getUTCMinutes());
  }

  // A date (10 characters) ends with its day; a date-time at its minute.
  function ended(v, now) {
    return v.length <= 10 ? now.slice(0, 10) > v : now >= v;
  }

  function show(el, on) {
    if (on) { el.removeAttribute('hidden'); } else { el.setAttribute('hidden', ''); }
  }

  function correct(t) {
    var now = siteMinute(t), els = doc.querySelectorAll('[data-until],[data-after],[data-from]'), i, el, until, after, from;
    for (i = 0; i < els.length; i += 1) {
      el = els[i];
      until = el.getAttribute('data-until');
      after = el.getAttribute('data-after');
      from = el.getAttribute('data-from');
      show(el, !(until && ended(until, now)) && !(after && !ended(after, now)) && !(from && now < from));
    }
    // The urgent banner goes when none of its notices is in force.
    els = doc.querySelectorAll('.urgent');
    for (i = 0; i < els.length; i += 1) {
      show(els[i], els[i].querySelectorAll('[data-until]:not([hidden])').length > 0);
    }
  }

  // Once now, then at the start of every minute: a page left open on a
  // phone or a wall screen changes with the clock.
  function tick() {
    var t = new Date().getTime();
    try { correct(t); } catch (e) { /* the page as built still shows */ }
    win.setTimeout(tick, MINUTE - t % MINUTE + 50);
  }
  tick();
}(window, document));
