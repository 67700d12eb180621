/* beian serve: reloads the page after a rebuild, swaps stylesheets when only
   CSS changed, and shows build errors over the page until they are fixed. */
(function () {
  var box = null;
  function show(errors) {
    if (!box) {
      box = document.createElement('div');
      box.id = 'beian-errors';
      box.setAttribute('role', 'alert');
      box.style.cssText = 'position:fixed;left:0;right:0;bottom:0;max-height:60vh;overflow:auto;z-index:2147483647;' +
        'margin:0;padding:1rem 1.25rem;background:#1f2328;color:#fff;border-top:4px solid #ff8a80;' +
        'font:14px/1.45 ui-monospace,Menlo,Consolas,monospace;white-space:pre-wrap';
      document.body.appendChild(box);
    }
    box.textContent = 'beian: the last edit does not build; this is the last good version.\n\n' + errors.join('\n\n');
  }
  var events = new EventSource('/__beian/events');
  events.addEventListener('reload', function () { location.reload(); });
  events.addEventListener('css', function () {
    Array.prototype.forEach.call(document.querySelectorAll('link[rel=stylesheet]'), function (link) {
      var url = new URL(link.href);
      url.searchParams.set('beian', Date.now());
      link.href = url.href;
    });
  });
  events.addEventListener('errors', function (e) { show(JSON.parse(e.data)); });
  events.addEventListener('ok', function () { if (box) { box.remove(); box = null; } });
})();
