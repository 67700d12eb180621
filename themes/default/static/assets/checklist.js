/* beian checklist: keeps the reader's ticks in this browser, so a reload
 * or a later visit shows them. Nothing leaves the browser; without
 * JavaScript or storage the boxes still tick, for this visit only. */
(function () {
  'use strict';
  var store;
  try {
    store = window.localStorage;
    store.getItem('beian');
  } catch (e) {
    return;
  }
  Array.prototype.forEach.call(document.querySelectorAll('[data-ticks]'), function (list) {
    var key = 'beian-ticks:' + list.getAttribute('data-ticks');
    var ticked = {};
    try {
      ticked = JSON.parse(store.getItem(key) || '{}') || {};
    } catch (e) {
      ticked = {};
    }
    Array.prototype.forEach.call(list.querySelectorAll('[data-item] input[type=checkbox]'), function (box) {
      var id = box.closest('[data-item]').getAttribute('data-item');
      if (ticked[id] === true) box.checked = true;
      box.addEventListener('change', function () {
        if (box.checked) ticked[id] = true;
        else delete ticked[id];
        try {
          store.setItem(key, JSON.stringify(ticked));
        } catch (e) {
          // Storage full or refused: the tick stays for this visit.
        }
      });
    });
  });
})();
