/* gongshi search: loaded only by the search pages (templates/search.html).
 * ES5 only, so that it runs in the Android 5 WebView: no let/const, arrow
 * functions, fetch, Promise, URLSearchParams or String#includes.
 * It loads the page's index.json (same origin), reads ?q= from the address
 * (a link or QR code can carry a query), and shows every case and notice
 * whose text contains each word of the query. Results are built with DOM
 * calls and textContent: indexed text is never parsed as HTML. */
(function () {
  'use strict';

  var form = document.getElementById('search');
  var input = document.getElementById('q');
  var button = form && form.getElementsByTagName('button')[0];
  var status = document.getElementById('status');
  var results = document.getElementById('results');
  if (!form || !input || !button || !status || !results || !window.XMLHttpRequest || !window.JSON) {
    return;
  }
  var entries = null;

  /* Full-width letters and digits as half-width, lower case, one kind of
   * space: "１４号楼" finds "14号楼", "ABC" finds "abc". */
  function normalize(s) {
    var out = '';
    for (var i = 0; i < s.length; i++) {
      var code = s.charCodeAt(i);
      if (code >= 0xff01 && code <= 0xff5e) {
        out += String.fromCharCode(code - 0xfee0);
      } else if (code === 0x3000) {
        out += ' ';
      } else {
        out += s.charAt(i);
      }
    }
    return out.toLowerCase();
  }

  /* The spellings of one building: "14栋" also finds "14号楼", "14幢", "14#". */
  function alternatives(term) {
    var m = /^(\d+)(号楼|号|幢|栋|#)楼?$/.exec(term);
    if (!m) {
      return [term];
    }
    return [term, m[1] + '号楼', m[1] + '幢', m[1] + '栋', m[1] + '#'];
  }

  function terms(query) {
    var words = normalize(query).split(/\s+/);
    var out = [];
    for (var i = 0; i < words.length; i++) {
      if (words[i]) {
        out.push(alternatives(words[i]));
      }
    }
    return out;
  }

  function matches(hay, all) {
    for (var i = 0; i < all.length; i++) {
      var found = false;
      for (var j = 0; j < all[i].length; j++) {
        if (hay.indexOf(all[i][j]) >= 0) {
          found = true;
          break;
        }
      }
      if (!found) {
        return false;
      }
    }
    return true;
  }

  function load(index) {
    var list = [];
    var groups = index.groups || [];
    for (var g = 0; g < groups.length; g++) {
      var items = groups[g].items || [];
      for (var i = 0; i < items.length; i++) {
        var it = items[i];
        list.push({
          url: groups[g].url + it.u,
          title: it.t,
          meta: [groups.length > 1 ? groups[g].name : '', it.n, it.s, it.l || '', it.c || ''],
          hay: normalize([it.t, it.n, it.l || '', it.c || '', it.s].join('\n'))
        });
      }
    }
    return list;
  }

  function say(text) {
    status.textContent = text;
  }

  function show(query) {
    while (results.firstChild) {
      results.removeChild(results.firstChild);
    }
    var all = terms(query);
    if (!all.length) {
      say('');
      return;
    }
    var n = 0;
    for (var i = 0; i < entries.length; i++) {
      var e = entries[i];
      if (!matches(e.hay, all)) {
        continue;
      }
      n++;
      var li = document.createElement('li');
      var a = document.createElement('a');
      a.href = e.url;
      a.textContent = e.title;
      li.appendChild(a);
      var p = document.createElement('p');
      p.className = 'm';
      var parts = [];
      for (var j = 0; j < e.meta.length; j++) {
        if (e.meta[j]) {
          parts.push(e.meta[j]);
        }
      }
      p.textContent = parts.join(' · ');
      li.appendChild(p);
      results.appendChild(li);
    }
    say(n ? form.getAttribute('data-found').replace('{n}', String(n)) : form.getAttribute('data-nothing'));
  }

  /* The query in the address, so the result can be shared as a link. */
  function remember(query) {
    if (window.history && history.replaceState) {
      var q = query ? '?q=' + encodeURIComponent(query) : location.pathname;
      try {
        history.replaceState(null, '', q);
      } catch (err) {
        /* file:// pages may refuse; the search still works. */
      }
    }
  }

  function fromAddress() {
    var pairs = location.search.replace(/^\?/, '').split('&');
    for (var i = 0; i < pairs.length; i++) {
      var kv = pairs[i].split('=');
      if (kv[0] === 'q' && kv.length > 1) {
        try {
          return decodeURIComponent(kv.slice(1).join('=').replace(/\+/g, ' '));
        } catch (err) {
          return '';
        }
      }
    }
    return '';
  }

  function update() {
    if (entries) {
      show(input.value);
      remember(input.value);
    }
  }

  input.value = fromAddress();
  say(form.getAttribute('data-loading'));
  /* Results follow each keystroke; Enter and the button also close the
   * phone's keyboard, so the results are not hidden behind it. */
  input.addEventListener('input', update);
  input.addEventListener('keydown', function (ev) {
    if (ev.keyCode === 13) {
      update();
      input.blur();
    }
  });
  button.addEventListener('click', function () {
    update();
    input.blur();
  });

  var xhr = new XMLHttpRequest();
  xhr.open('GET', form.getAttribute('data-index'), true);
  xhr.onreadystatechange = function () {
    if (xhr.readyState !== 4) {
      return;
    }
    try {
      if (xhr.status !== 200 && xhr.status !== 0) {
        throw new Error('HTTP ' + xhr.status);
      }
      entries = load(JSON.parse(xhr.responseText));
    } catch (err) {
      say(form.getAttribute('data-failed'));
      return;
    }
    say('');
    show(input.value);
  };
  xhr.send();
})();
