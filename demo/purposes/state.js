// Shows what the visitor granted, from the consent-change events (they bubble to the document).
(function () {
  var state = document.getElementById('purposes-state');
  var waiting = document.getElementById('video-waiting');
  document.addEventListener('consent-change', function (event) {
    var purposes = event.detail.purposes || [];
    state.textContent =
      'In force: measurement "' +
      event.detail.level +
      '"; purposes granted: ' +
      (purposes.length ? purposes.join(', ') : 'none') +
      '.';
    waiting.hidden = purposes.indexOf('functional') !== -1;
  });
})();
