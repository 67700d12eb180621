/* The region question's type-ahead: a reader types a place they know (any
 * of a region's other names, a city say, in any language it is written in)
 * and the region it is in is chosen in the list above, and said so.
 * quiz.js loads this script when the field is first used, and this script
 * loads the names (assets/other-names-data.js, made from the rules): most
 * readers pick from the list and never pay for either. */
(function () {
  'use strict';

  var box = document.querySelector('[data-other-names]');
  if (!box || box.getAttribute('data-ready')) return;
  box.setAttribute('data-ready', '1');
  var select = box.parentNode.querySelector('select');
  var input = box.querySelector('input');
  var list = box.querySelector('datalist');
  var status = box.querySelector('[role=status]');
  var places = null; // [{name, key, shown, slug}]

  // Case, accents and surrounding space aside: "zurich" is Zürich.
  function fold(s) {
    return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().trim();
  }

  function fill(pattern, values) {
    return pattern.replace(/\{(\w+)\}/g, function (m, k) { return values[k] !== undefined ? values[k] : m; });
  }

  function regionName(slug) {
    for (var i = 0; i < select.options.length; i++) {
      if (select.options[i].value === slug) return select.options[i].textContent;
    }
    return slug;
  }

  // Called by the names' script: {slug: [[names of the region], [names of
  // one other name], …]}.
  window.beianOtherNames = function (data) {
    places = [];
    var option = box.getAttribute('data-option');
    Object.keys(data).forEach(function (slug) {
      var region = regionName(slug);
      data[slug].forEach(function (names) {
        names.forEach(function (name) {
          var shown = fill(option, { name: name, region: region });
          places.push({ name: name, key: fold(name), shown: fold(shown), slug: slug });
          var o = document.createElement('option');
          o.value = shown;
          list.appendChild(o);
        });
      });
    });
    match(false);
  };

  // The regions the field names: a suggestion picked, or a name typed
  // whole. `final` when the reader has left the field: only then is
  // "not found" said.
  function match(final) {
    if (!places) return;
    var typed = fold(input.value);
    var found = places.filter(function (p) { return p.shown === typed; });
    if (!found.length) found = places.filter(function (p) { return p.key === typed; });
    var slugs = [];
    found.forEach(function (p) { if (slugs.indexOf(p.slug) < 0) slugs.push(p.slug); });
    var name = found.length ? found[0].name : input.value.trim();
    var say = '';
    if (slugs.length === 1) {
      select.value = slugs[0];
      say = fill(box.getAttribute('data-found'), { name: name, region: regionName(slugs[0]) });
    } else if (slugs.length > 1) {
      var regions = slugs.map(regionName).reduce(function (a, b) {
        return fill(box.getAttribute('data-or'), { a: a, b: b });
      });
      say = fill(box.getAttribute('data-several'), { name: name, regions: regions });
    } else if (final && typed) {
      say = fill(box.getAttribute('data-none'), { name: name });
    }
    if (status.textContent !== say) status.textContent = say;
  }

  input.addEventListener('input', function () { match(false); });
  input.addEventListener('change', function () { match(true); });
  var names = document.createElement('script');
  names.src = box.getAttribute('data-names');
  document.head.appendChild(names);
})();
