/* beian quiz: evaluates the rules' conditions in the browser, exactly as
 * rules/README.md specifies (and as beian's Rust code does; the test suite
 * holds the two equal on every way to answer), and drives the quiz page.
 * No dependencies, nothing loaded from anywhere. */
(function (root) {
  'use strict';

  var UNKNOWN = null; // the third truth value: depends on an unanswered question

  function has(o, k) { return Object.prototype.hasOwnProperty.call(o, k); }

  function same(a, b) { return typeof a === typeof b && a === b; }

  function compare(n, op, against) {
    switch (op) {
      case '=': return n === against;
      case '>': return n > against;
      case '>=': return n >= against;
      case '<': return n < against;
      case '<=': return n <= against;
    }
    throw new Error('unknown comparison ' + op);
  }

  // An answer to a number question, or NaN.
  function number(v) { return typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN; }

  // answers: {questionIndex: optionValue}; facts: {factIndex: value} of the
  // region the answers name, or null; defs: the conditions the data
  // shares (data.d), which ['ref', k] stands for.
  function evaluate(c, answers, facts, defs) {
    var op = c[0], i, r, unknown;
    switch (op) {
      case 'all':
        unknown = false;
        for (i = 0; i < c[1].length; i++) {
          r = evaluate(c[1][i], answers, facts, defs);
          if (r === false) return false;
          if (r === UNKNOWN) unknown = true;
        }
        return unknown ? UNKNOWN : true;
      case 'any':
        unknown = false;
        for (i = 0; i < c[1].length; i++) {
          r = evaluate(c[1][i], answers, facts, defs);
          if (r === true) return true;
          if (r === UNKNOWN) unknown = true;
        }
        return unknown ? UNKNOWN : false;
      case 'not':
        r = evaluate(c[1], answers, facts, defs);
        return r === UNKNOWN ? UNKNOWN : !r;
      case 'ref':
        return evaluate(defs[c[1]], answers, facts, defs);
      case 'ak':
        return has(answers, c[1]) === c[2];
      case 'a=':
        return has(answers, c[1]) ? answers[c[1]] === c[2] : UNKNOWN;
      case 'ain':
        return has(answers, c[1]) ? c[2].indexOf(answers[c[1]]) >= 0 : UNKNOWN;
      case 'ainc':
        if (!has(answers, c[1])) return UNKNOWN;
        r = answers[c[1]].split(',');
        for (i = 0; i < c[2].length; i++) if (r.indexOf(c[2][i]) >= 0) return true;
        return false;
      case 'a<>':
        return has(answers, c[1]) ? compare(number(answers[c[1]]), c[2], c[3]) : UNKNOWN;
      case 'fk':
        return (facts !== null && has(facts, c[1])) === c[2];
      case 'f=':
        return facts !== null && has(facts, c[1]) && same(facts[c[1]], c[2]);
      case 'fin':
        if (facts === null || !has(facts, c[1])) return false;
        for (i = 0; i < c[2].length; i++) if (same(facts[c[1]], c[2][i])) return true;
        return false;
      case 'f<>':
        return facts !== null && has(facts, c[1]) && typeof facts[c[1]] === 'number' &&
          compare(facts[c[1]], c[2], c[3]);
    }
    throw new Error('unknown condition ' + op);
  }

  function factsOf(data, answers) {
    if (data.reg === null) return null;
    var slug = answers[data.reg];
    return slug !== undefined && has(data.p, slug) ? data.p[slug] : null;
  }

  // The first question still to answer, or -1 when the quiz is finished.
  function nextQuestion(data, answers) {
    var facts = factsOf(data, answers);
    for (var q = 0; q < data.q.length; q++) {
      if (!has(answers, q) && evaluate(data.q[q].ask, answers, facts, data.d) === true) return q;
    }
    return -1;
  }

  // Whether v answers question q: one of its options, for a multiple
  // question one or more of them in option order, or for a number
  // question a number within its bounds.
  function accepts(q, v) {
    if (q.multi) {
      var parts = String(v).split(','), at = -1;
      for (var i = 0; i < parts.length; i++) {
        var k = q.opts.indexOf(parts[i]);
        if (k <= at) return false;
        at = k;
      }
      return true;
    }
    if (!q.num) return q.opts.indexOf(v) >= 0;
    var n = number(v);
    return isFinite(n) && n >= q.num[0] && (q.num[1] === null || n <= q.num[1]);
  }

  // Keeps only answers the quiz would have asked for, in order, so a stale
  // or hand-edited address cannot produce a state the quiz cannot reach.
  // It stops at a region whose facts are not loaded yet (data.p holds 0
  // for it until its script registers them).
  function settle(data, given) {
    var answers = {};
    for (;;) {
      var q = nextQuestion(data, answers);
      if (q < 0 || !has(given, q) || !accepts(data.q[q], given[q])) return answers;
      if (q === data.reg && data.p[given[q]] === 0) return answers;
      answers[q] = data.q[q].num ? String(number(given[q])) : given[q];
    }
  }

  // {outcome, fixes, items} as indexes; throws if anything is undecided
  // (beian check proves that cannot happen).
  function result(data, answers) {
    var facts = factsOf(data, answers), o, r, i;
    for (o = 0; o < data.o.length; o++) {
      r = evaluate(data.o[o].when, answers, facts, data.d);
      if (r === UNKNOWN) throw new Error('undecided outcome ' + data.o[o].id);
      if (r) break;
    }
    if (o === data.o.length) throw new Error('no outcome');
    var out = { outcome: o, fixes: [], items: [] }, fixes = data.o[o].fixes;
    for (i = 0; i < fixes.length; i++) {
      r = evaluate(fixes[i].when, answers, facts, data.d);
      if (r === UNKNOWN) throw new Error('undecided fix ' + fixes[i].id);
      if (r) out.fixes.push(i);
    }
    if (data.o[o].list) {
      for (i = 0; i < data.i.length; i++) {
        r = evaluate(data.i[i].when, answers, facts, data.d);
        if (r === UNKNOWN) throw new Error('undecided item ' + data.i[i].id);
        if (r) out.items.push(i);
      }
    }
    return out;
  }

  root.BeianQuiz = { evaluate: evaluate, nextQuestion: nextQuestion, settle: settle, result: result, accepts: accepts };

  if (typeof document === 'undefined') return;

  /* ---- the page ---- */

  var app = document.getElementById('quiz-app');
  if (!app) return;
  var data = JSON.parse(document.getElementById('quiz-data').textContent);
  var stringsEl = document.getElementById('beian-strings');
  var S = (stringsEl && JSON.parse(stringsEl.textContent).quiz) || {};
  var lang = document.documentElement.lang || undefined;

  // A string of the theme's: its plural form for values.count (CLDR's
  // rules for the page's language, as the browser knows them, the same
  // rules beian's t() uses), its {placeholders} filled.
  function say(key, values) {
    var text = S[key];
    if (text && typeof text === 'object') {
      var n = values && has(values, 'count') ? Number(values.count) : NaN;
      var form = isNaN(n) || typeof Intl === 'undefined' ? 'other' : new Intl.PluralRules(lang).select(n);
      text = text[form] || text.other;
    }
    return String(text || '').replace(/\{(\w+)\}/g, function (m, k) {
      return values && has(values, k) ? values[k] : m;
    });
  }
  var form = document.getElementById('quiz-form');
  var errors = document.getElementById('quiz-errors');
  var summary = document.getElementById('quiz-answers');
  var list = document.getElementById('quiz-answer-list');
  var resultBox = document.getElementById('quiz-result');
  var fieldsets = {};
  data.q.forEach(function (q, i) { fieldsets[i] = app.querySelector('[data-question="' + q.id + '"]'); });
  var answers = {};
  // Answers taken back by "Change", offered again as the reader goes on.
  var pending = {};
  var current = -1;

  /* Each region's facts come in a script of their own, loaded when the
   * region is chosen: a script element, not fetch(), which a page opened
   * from disk may not use. done(ok) runs once they are there (at once
   * when they already are, or the answer is no region of the data's). */
  var regionScripts = app.getAttribute('data-region-scripts');
  // What each region states on the items' facts, as HTML.
  var regionHtml = {};
  root.beianQuizRegion = function (slug, facts, html) {
    if (!has(data.p, slug)) return;
    data.p[slug] = facts;
    regionHtml[slug] = html || '';
  };
  function loadRegion(slug, done) {
    if (slug === undefined || !has(data.p, slug) || data.p[slug] !== 0) { done(true); return; }
    var s = document.createElement('script');
    s.src = regionScripts + encodeURIComponent(slug) + '.js';
    app.setAttribute('aria-busy', 'true');
    s.onload = function () { app.removeAttribute('aria-busy'); done(data.p[slug] !== 0); };
    s.onerror = function () { app.removeAttribute('aria-busy'); s.remove(); done(false); };
    document.head.appendChild(s);
  }
  // The checklist's items, in full, come in a script of their own too,
  // loaded the first time a result shows them.
  var listBox = document.getElementById('quiz-checklist');
  var itemsScript = listBox.getAttribute('data-items-script');
  root.beianQuizChecklist = function (html) {
    listBox.insertAdjacentHTML('beforeend', html);
    itemsScript = null;
  };
  function loadChecklist(done) {
    if (!itemsScript) { done(); return; }
    var s = document.createElement('script');
    s.src = itemsScript;
    app.setAttribute('aria-busy', 'true');
    s.onload = function () { app.removeAttribute('aria-busy'); done(); };
    s.onerror = function () {
      app.removeAttribute('aria-busy');
      loadError.textContent = say('checklist_failed');
      show(loadError, true);
      done();
    };
    document.head.appendChild(s);
  }
  var loadError = document.getElementById('quiz-load-error');
  function loadFailed(slug) {
    loadError.textContent = say('region_failed', { region: labelOf(data.reg, slug) });
    show(loadError, true);
    loadError.focus();
  }

  function index(id) {
    for (var i = 0; i < data.q.length; i++) if (data.q[i].id === id) return i;
    return -1;
  }

  // The answers the address gives, as far as they can be taken now; when
  // they name a region not loaded yet, its script is loaded and the quiz
  // shown again with the rest.
  function readAddress() {
    var query = location.search.length > 1 ? location.search : location.hash.replace(/^#\??/, '?');
    var params = new URLSearchParams(query), given = {};
    params.forEach(function (v, k) { var i = index(k); if (i >= 0) given[i] = v; });
    var settled = settle(data, given);
    if (data.reg !== null && nextQuestion(data, settled) === data.reg && has(given, data.reg)) {
      pending[data.reg] = given[data.reg];
      loadRegion(given[data.reg], function (ok) {
        if (!ok) { loadFailed(given[data.reg]); return; }
        for (var k in answers) pending[k] = answers[k];
        answers = settle(data, given);
        render(false);
        if (current >= 0 && has(pending, current)) setChoice(current, pending[current]);
      });
    }
    return settled;
  }

  function address() {
    var params = new URLSearchParams();
    Object.keys(answers).sort(function (a, b) { return a - b; }).forEach(function (q) {
      params.append(data.q[q].id, answers[q]);
    });
    var s = params.toString();
    return s ? '?' + s : location.pathname.replace(/.*\//, '') || '?';
  }

  function remember() {
    var url = address();
    try {
      history.pushState(null, '', url);
    } catch (e) {
      // Some browsers refuse to change the address of a page opened from
      // disk; keep the state in the fragment there instead.
      location.hash = url.charAt(0) === '?' ? url.slice(1) : '';
    }
  }

  function show(el, on) { if (el) el.hidden = !on; }

  function labelOf(q, value, one) {
    if (data.q[q].num) {
      var shown = new Intl.NumberFormat(lang).format(Number(value));
      var unit = fieldsets[q] && fieldsets[q].querySelector('.quiz-unit');
      return unit ? say('number_unit', { number: shown, unit: unit.textContent }) : shown;
    }
    if (data.q[q].multi && !one) {
      return value.split(',').map(function (v) { return labelOf(q, v, true); }).join(say('several_sep'));
    }
    var fs = fieldsets[q], input = fs && fs.querySelector('[value="' + CSS.escape(value) + '"]');
    if (!input) return value;
    if (input.tagName === 'OPTION') return input.textContent;
    var label = fs.querySelector('label[for="' + input.id + '"]');
    return label ? label.textContent : value;
  }

  function renderSummary() {
    list.textContent = '';
    var qs = Object.keys(answers).map(Number).sort(function (a, b) { return a - b; });
    qs.forEach(function (q) {
      var dt = document.createElement('dt');
      dt.textContent = fieldsets[q].querySelector('.quiz-question').textContent;
      var dd = document.createElement('dd');
      var span = document.createElement('span');
      span.textContent = labelOf(q, answers[q]);
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'quiz-change';
      button.textContent = say('change');
      var hidden = document.createElement('span');
      hidden.className = 'visually-hidden';
      hidden.textContent = say('change_hidden', { question: dt.textContent });
      button.appendChild(hidden);
      button.addEventListener('click', function () { change(q); });
      dd.appendChild(span);
      dd.appendChild(document.createTextNode(' '));
      dd.appendChild(button);
      list.appendChild(dt);
      list.appendChild(dd);
    });
    show(summary, qs.length > 0);
  }

  function setChoice(q, value) {
    var fs = fieldsets[q];
    var field = fs.querySelector('input[type=number]');
    if (field) { field.value = value || ''; return; }
    var select = fs.querySelector('select');
    if (select) { select.value = value || ''; return; }
    var chosen = String(value || '').split(',');
    Array.prototype.forEach.call(fs.querySelectorAll('input[type=radio], input[type=checkbox]'), function (r) {
      r.checked = chosen.indexOf(r.value) >= 0;
    });
  }

  function choice(q) {
    var fs = fieldsets[q], select = fs.querySelector('select');
    var field = fs.querySelector('input[type=number]');
    if (field) return accepts(data.q[q], field.value) ? String(number(field.value)) : '';
    if (select) return select.value;
    if (data.q[q].multi) {
      return Array.prototype.map.call(fs.querySelectorAll('input[type=checkbox]:checked'), function (c) {
        return c.value;
      }).join(',');
    }
    var checked = fs.querySelector('input[type=radio]:checked');
    return checked ? checked.value : '';
  }

  // The address of the checklist page for one applicant type, from the
  // region's checklist link and the folder each type's page is in.
  function checklistFor(place, listBox, type) {
    var link = place && place.querySelector('a[href$="index.html"]:last-child');
    if (!link) return null;
    if (type === undefined) return link.href;
    var folders = (listBox.getAttribute('data-checklist-folders') || '').split(' ');
    for (var i = 0; i < folders.length; i++) {
      var pair = folders[i].split(':');
      if (pair[0] === type) return link.href.replace(/index\.html$/, pair[1] + '/index.html');
    }
    return null;
  }

  function renderResult() {
    var r = result(data, answers), o = data.o[r.outcome];
    Array.prototype.forEach.call(resultBox.querySelectorAll('[data-outcome]'), function (el) {
      show(el, el.getAttribute('data-outcome') === o.id);
    });
    Array.prototype.forEach.call(resultBox.querySelectorAll('[data-fix]'), function (el) {
      var fix = el.closest('[data-outcome]').getAttribute('data-outcome') === o.id &&
        r.fixes.some(function (f) { return o.fixes[f].id === el.getAttribute('data-fix'); });
      show(el, fix);
    });
    var shown = {};
    r.items.forEach(function (i) { shown[data.i[i].id] = true; });
    Array.prototype.forEach.call(resultBox.querySelectorAll('[data-item]'), function (el) {
      show(el, shown[el.getAttribute('data-item')] === true);
    });
    Array.prototype.forEach.call(resultBox.querySelectorAll('[data-stage]'), function (el) {
      show(el, el.querySelector('[data-item]:not([hidden])') !== null);
    });
    show(listBox, o.list);
    var slug = data.reg === null ? '' : answers[data.reg];
    var place = slug !== undefined && document.querySelector('#quiz-regions [data-region="' + CSS.escape(slug) + '"]');
    // Each item links to its explanation on the region's checklist for
    // the reader's applicant type: the page that says it in full.
    var full = checklistFor(place, listBox, data.app === null ? undefined : answers[data.app]);
    var fullNote = document.getElementById('quiz-full-checklist');
    if (fullNote) {
      if (full) fullNote.querySelector('a').href = full;
      show(fullNote, !!full);
    }
    Array.prototype.forEach.call(listBox.querySelectorAll('[data-item]'), function (el) {
      var more = el.querySelector('.item-more');
      // Made here, not sent in the page: one per item would weigh more
      // than the script that writes them.
      if (!more && full) {
        more = document.createElement('p');
        more.className = 'item-more';
        var a = document.createElement('a');
        a.textContent = say('how');
        var hidden = document.createElement('span');
        hidden.className = 'visually-hidden';
        hidden.textContent = say('how_item', { item: el.querySelector('label').textContent });
        a.appendChild(hidden);
        more.appendChild(a);
        el.appendChild(more);
      }
      if (!more) return;
      if (full) more.querySelector('a').href = full + '#item-' + el.getAttribute('data-item');
      show(more, !!full);
    });
    // Each item shows what the region states on it, with how sure that
    // is: the statements the region's script brought.
    var stated = document.createElement('div');
    stated.innerHTML = (slug && regionHtml[slug]) || '';
    Array.prototype.forEach.call(listBox.querySelectorAll('[data-facts]'), function (box) {
      box.textContent = '';
      box.getAttribute('data-facts').split(' ').forEach(function (f) {
        var el = f !== '' && stated.querySelector('[data-fact="' + f + '"]');
        if (el) box.appendChild(el.cloneNode(true));
      });
      show(box, box.childNodes.length > 0);
    });
    var links = document.getElementById('quiz-region-links');
    if (links) {
      links.textContent = '';
      if (place && slug) {
        Array.prototype.forEach.call(place.querySelectorAll('a'), function (a, n) {
          if (n) links.appendChild(document.createTextNode(' · '));
          links.appendChild(a.cloneNode(true));
        });
      }
      show(links, !!(place && slug));
    }
  }

  function render(focus) {
    current = nextQuestion(data, answers);
    renderSummary();
    show(errors, false);
    show(loadError, false);
    for (var q in fieldsets) show(fieldsets[q], Number(q) === current);
    show(form, current >= 0);
    show(resultBox, current < 0);
    if (current >= 0) {
      setChoice(current, answers[current]);
      var step = fieldsets[current].querySelector('.quiz-step');
      if (step) step.textContent = say('step', { number: Object.keys(answers).length + 1, count: Object.keys(answers).length + 1 });
      if (focus) fieldsets[current].querySelector('legend').focus();
    } else {
      loadChecklist(function () {
        renderResult();
        if (focus) document.getElementById('quiz-result-title').focus();
      });
    }
  }

  function change(q) {
    // Keep the later answers: they are offered again as the reader goes on.
    var kept = {};
    for (var k in answers) if (Number(k) < q) kept[k] = answers[k];
    pending = answers;
    answers = kept;
    render(true);
    setChoice(q, pending[q]);
  }

  form.addEventListener('submit', function (e) {
    e.preventDefault();
    var value = choice(current);
    if (!value) {
      var link = errors.querySelector('a');
      link.textContent = say('choose', { question: fieldsets[current].querySelector('.quiz-question').textContent });
      link.setAttribute('href', '#' + fieldsets[current].id);
      show(errors, true);
      errors.focus();
      return;
    }
    var q = current;
    loadRegion(q === data.reg ? value : undefined, function (ok) {
      if (!ok) { loadFailed(value); return; }
      answers[q] = value;
      // Offer the earlier answers again, where the path is the same.
      var next = nextQuestion(data, answers);
      remember();
      render(true);
      if (next >= 0 && has(pending, next)) setChoice(next, pending[next]);
    });
  });

  document.getElementById('quiz-restart').addEventListener('click', function () {
    answers = {};
    pending = {};
    remember();
    render(true);
  });
  document.getElementById('quiz-print').addEventListener('click', function () { window.print(); });
  errors.querySelector('a').addEventListener('click', function (e) {
    e.preventDefault();
    var target = fieldsets[current].querySelector('input, select');
    if (target) target.focus();
  });
  // Back (or Forward) keeps the answers given on offer, as "Change" does:
  // the question it returns to shows the reader's answer, not a blank.
  function revisit() {
    for (var k in answers) pending[k] = answers[k];
    answers = readAddress();
    render(true);
    if (current >= 0 && has(pending, current)) setChoice(current, pending[current]);
  }
  window.addEventListener('popstate', revisit);
  window.addEventListener('hashchange', function () {
    if (location.search.length <= 1) revisit();
  });

  // The region question's type-ahead, when the site has one: its script
  // loads the first time the reader uses it (other-names.js).
  var typeAhead = form.querySelector('[data-other-names]');
  if (typeAhead) {
    typeAhead.hidden = false;
    typeAhead.querySelector('input').addEventListener('focus', function () {
      var s = document.createElement('script');
      s.src = typeAhead.getAttribute('data-script');
      document.head.appendChild(s);
    }, { once: true });
  }

  answers = readAddress();
  app.classList.add('quiz-ready');
  render(false);
})(typeof globalThis !== 'undefined' ? globalThis : this);
