/* beian search page: asks the Pagefind index beian builds with the site,
 * loading it only when the reader searches. Nothing is fetched from outside
 * the site. Chinese words are split as the index split them: beian put
 * spaces between them with the ICU dictionary, and Intl.Segmenter uses the
 * same dictionary here. */
(function (root) {
  'use strict';

  // Scripts written without spaces between words (as in src/search/segment.rs).
  var UNSPACED = '\u3005\u3007\u303B\u3040-\u30FF\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF\\u{20000}-\\u{3134F}';
  var RUN = new RegExp('[' + UNSPACED + ']+', 'gu');
  var ONE = '[' + UNSPACED + ']';
  // A space the index put between two such words, possibly beside a <mark>.
  var INNER_SPACE = new RegExp('(' + ONE + '(?:</?mark>)*) ((?:</?mark>)*' + ONE + ')', 'gu');

  function words(run) {
    if (typeof Intl !== 'undefined' && Intl.Segmenter) {
      var seg = new Intl.Segmenter('zh', { granularity: 'word' });
      return Array.from(seg.segment(run), function (s) { return s.segment; });
    }
    return Array.from(run);
  }

  // The reader's query as the index holds words: Chinese split into words.
  // A query that is one run of Chinese is searched first as a phrase, so
  // 居住证 finds 居住 next to 证, not any page with both somewhere.
  function queries(q) {
    var text = String(q || '').trim();
    if (!text) return [];
    var spaced = text.replace(RUN, function (run) { return ' ' + words(run).join(' ') + ' '; })
      .replace(/\s+/g, ' ').trim();
    RUN.lastIndex = 0;
    var whole = text.match(RUN);
    if (whole && whole.length === 1 && whole[0] === text && spaced.indexOf(' ') > 0) {
      return ['"' + spaced + '"', spaced];
    }
    return [spaced];
  }

  // Pagefind's excerpt, which is escaped text with <mark> around matches,
  // without the spaces beian put between Chinese words.
  function tidyExcerpt(html) {
    var prev;
    do {
      prev = html;
      html = html.replace(INNER_SPACE, '$1$2');
    } while (html !== prev);
    return html.replace(/<\/mark><mark>/g, '');
  }

  // Builds the excerpt from text and <mark> only, whatever else it holds.
  function excerptNodes(doc, html) {
    var frag = doc.createDocumentFragment();
    var parts = tidyExcerpt(html).split(/(<mark>[\s\S]*?<\/mark>)/);
    var tmp = doc.createElement('textarea');
    for (var i = 0; i < parts.length; i++) {
      var m = /^<mark>([\s\S]*)<\/mark>$/.exec(parts[i]);
      tmp.innerHTML = (m ? m[1] : parts[i]).replace(/<[^>]*>/g, '');
      var text = doc.createTextNode(tmp.value);
      if (m) {
        var mark = doc.createElement('mark');
        mark.appendChild(text);
        frag.appendChild(mark);
      } else {
        frag.appendChild(text);
      }
    }
    return frag;
  }

  var api = { queries: queries, tidyExcerpt: tidyExcerpt };
  if (typeof module !== 'undefined' && module.exports) module.exports = api;
  if (!root || !root.document) return;

  var doc = root.document;
  var app = doc.getElementById('search-app');
  if (!app) return;
  var form = doc.getElementById('search-form');
  var input = doc.getElementById('search-q');
  var status = doc.getElementById('search-status');
  var list = doc.getElementById('search-results');
  var more = doc.getElementById('search-more');
  var boxes = Array.prototype.slice.call(form.querySelectorAll('input[name="group"]'));
  var siteRoot = new URL(app.getAttribute('data-root') || './', root.location.href);
  var PAGE = 10;
  var lang = doc.documentElement.lang || 'en';
  // The page's words, from the theme's strings table (js.search.*).
  var S = {};
  try {
    S = JSON.parse(doc.getElementById('beian-strings').textContent).search || {};
  } catch (e) { /* no strings: each message shows its key */ }
  var pagefind = null;
  var shown = { results: [], next: 0, run: 0 };

  app.hidden = false;

  function label(group) {
    var box = doc.getElementById('search-group-' + group);
    var l = box && doc.querySelector('label[for="' + box.id + '"]');
    return l ? l.textContent : group;
  }

  // A message in the page's language: its plural form for args.count
  // (CLDR's rules, as the browser knows them), its {placeholders} filled.
  function tr(key, args) {
    args = args || {};
    var v = S[key];
    if (v && typeof v === 'object') {
      var form = typeof Intl !== 'undefined' && Intl.PluralRules ? new Intl.PluralRules(lang).select(args.count) : 'other';
      v = v[form] || v.other;
    }
    return String(v == null ? key : v).replace(/\{(\w+)\}/g, function (m, name) {
      if (!Object.prototype.hasOwnProperty.call(args, name)) return m;
      return typeof args[name] === 'number' ? formatNumber(args[name]) : args[name];
    });
  }

  // Group names as they read in a sentence, joined the language's way.
  function groupList(groups) {
    var names = groups.map(function (g) { return S['group_' + g] || label(g); });
    return typeof Intl !== 'undefined' && Intl.ListFormat
      ? new Intl.ListFormat(lang, { type: 'conjunction' }).format(names)
      : names.join(', ');
  }

  function formatNumber(n) {
    return typeof Intl !== 'undefined' && Intl.NumberFormat ? new Intl.NumberFormat(lang).format(n) : String(n);
  }

  function say(text) { status.textContent = text; }

  function load() {
    if (!pagefind) {
      var url = new URL('pagefind/pagefind.js', siteRoot).href;
      pagefind = import(url).then(function (pf) {
        return Promise.resolve(pf.options({ baseUrl: siteRoot.pathname, excerptLength: 24 }))
          .then(function () { return pf; });
      });
      pagefind.catch(function () { pagefind = null; });
    }
    return pagefind;
  }

  function chosen() {
    var on = boxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
    return on.length === boxes.length || on.length === 0 ? null : on;
  }

  function remember(q, groups) {
    var params = new URLSearchParams();
    if (q) params.set('q', q);
    if (groups) groups.forEach(function (g) { params.append('group', g); });
    var search = params.toString();
    try {
      root.history.replaceState(null, '', search ? '?' + search : root.location.pathname);
    } catch (e) { /* some file views refuse it; the search still runs */ }
  }

  function item(data) {
    var li = doc.createElement('li');
    li.className = 'search-result';
    var group = data.filters && data.filters.group && data.filters.group[0];
    if (group) {
      var kind = doc.createElement('p');
      kind.className = 'search-result-group';
      kind.textContent = label(group);
      li.appendChild(kind);
    }
    var h = doc.createElement('h2');
    var a = doc.createElement('a');
    a.href = data.url;
    // Titles were split into words for the index too.
    a.textContent = tidyExcerpt((data.meta && data.meta.title) || data.url);
    h.appendChild(a);
    li.appendChild(h);
    var p = doc.createElement('p');
    p.className = 'search-excerpt';
    p.appendChild(excerptNodes(doc, data.excerpt || ''));
    li.appendChild(p);
    var subs = (data.sub_results || []).filter(function (s) {
      return s.url !== data.url && s.url.indexOf('#') > 0;
    }).slice(0, 3);
    if (subs.length) {
      var ul = doc.createElement('ul');
      ul.className = 'search-sections';
      subs.forEach(function (s) {
        var sli = doc.createElement('li');
        var sa = doc.createElement('a');
        sa.href = s.url;
        sa.textContent = tidyExcerpt(s.title || '');
        sli.appendChild(sa);
        ul.appendChild(sli);
      });
      li.appendChild(ul);
    }
    return li;
  }

  function showMore(run) {
    var batch = shown.results.slice(shown.next, shown.next + PAGE);
    shown.next += batch.length;
    return Promise.all(batch.map(function (r) { return r.data(); })).then(function (data) {
      if (run !== shown.run) return;
      var first = null;
      data.forEach(function (d) {
        var li = item(d);
        if (!first) first = li;
        list.appendChild(li);
      });
      more.hidden = shown.next >= shown.results.length;
      return first;
    });
  }

  function search(q) {
    var run = ++shown.run;
    var groups = chosen();
    remember(q, groups);
    list.textContent = '';
    more.hidden = true;
    var tries = queries(q);
    if (!tries.length) { say(''); return Promise.resolve(); }
    if (root.location.protocol === 'file:') {
      say(tr('file_protocol'));
      return Promise.resolve();
    }
    say(tr('searching'));
    var options = groups ? { filters: { group: { any: groups } } } : {};
    return load().then(function (pf) {
      var attempt = function (i) {
        return pf.search(tries[i], options).then(function (found) {
          if (found.results.length || i + 1 >= tries.length) return found;
          return attempt(i + 1);
        });
      };
      return attempt(0);
    }).then(function (found) {
      if (run !== shown.run) return;
      shown.results = found.results;
      shown.next = 0;
      var n = found.results.length;
      var args = { query: q.trim(), groups: groups ? groupList(groups) : '', count: n };
      if (!n) {
        say(tr(groups ? 'no_results_in' : 'no_results', args));
        return;
      }
      return showMore(run).then(function () {
        if (run !== shown.run) return;
        say(tr(groups ? 'matches_in' : 'matches', args));
      });
    }).catch(function () {
      if (run !== shown.run) return;
      say(tr('unavailable'));
    });
  }

  form.addEventListener('submit', function (e) {
    e.preventDefault();
    search(input.value);
  });
  boxes.forEach(function (b) {
    b.addEventListener('change', function () { if (input.value.trim()) search(input.value); });
  });
  more.addEventListener('click', function () {
    showMore(shown.run).then(function (first) { if (first) first.querySelector('a').focus(); });
  });

  var params = new URLSearchParams(root.location.search);
  var wanted = params.getAll('group');
  if (wanted.length) boxes.forEach(function (b) { b.checked = wanted.indexOf(b.value) >= 0; });
  if (params.get('q')) {
    input.value = params.get('q');
    search(input.value);
  }
})(typeof window !== 'undefined' ? window : null);
