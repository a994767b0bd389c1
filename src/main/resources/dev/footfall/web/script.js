/* Footfall tracker: cookieless pageviews and custom events, sent to the Plausible-compatible
   Events API. No cookies, no stored identifiers: the server derives a daily visitor id. */
!function (w, d, l) {
  'use strict';
  var s = d.currentScript || d.querySelector('script[data-domain]');
  if (!s) return;
  var has = function (a) { return s.hasAttribute(a) },
    api = s.getAttribute('data-api') || new URL(s.src).origin + '/api/event',
    hash = has('data-hash-mode'),
    last;

  // window.footfall(name, {props, interactive, callback}); callback gets {status} or {error}, or nothing when ignored.
  function track(name, o) {
    o = o || {};
    var cb = o.callback || function () {}, e;
    try { if (w.localStorage.footfall_ignore === 'true') return cb() } catch (x) {} // storage can be blocked
    e = { n: name, u: l.href, d: s.getAttribute('data-domain'), r: d.referrer || null };
    if (o.props) e.p = o.props;
    if (o.interactive === false) e.i = false;
    if (hash) e.h = 1;
    // text/plain keeps it a CORS simple request (no preflight); keepalive lets it outlive the page.
    fetch(api, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: JSON.stringify(e),
      keepalive: true, credentials: 'omit' })
      .then(function (r) { cb({ status: r.status }) }, function (x) { cb({ error: x }) });
  }

  // A SPA navigation that only changes the query or state is the same page; in hash mode every change counts.
  function page(force) {
    if (force || hash || last !== l.pathname) { last = l.pathname; track('pageview') }
  }

  if (hash) w.addEventListener('hashchange', page);
  else if (w.history.pushState) {
    var push = w.history.pushState;
    w.history.pushState = function () { push.apply(this, arguments); page() };
    w.addEventListener('popstate', function () { page() });
  }
  w.addEventListener('pageshow', function (e) { e.persisted && page(1) }); // restored from the back/forward cache

  if (has('data-outbound-links')) {
    var out = function (e) {
      var a = e.target.closest && e.target.closest('a[href]');
      // Only real navigations: left click, or middle click (auxclick button 1); mailto: etc. have no host.
      if (a && a.host && a.host !== l.host && (e.type === 'click' || e.button === 1)) {
        track('Outbound Link: Click', { props: { url: a.href } });
      }
    };
    d.addEventListener('click', out);
    d.addEventListener('auxclick', out);
  }

  // Calls made before this script ran were queued by the snippet: window.footfall.q.
  var q = (w.footfall && w.footfall.q) || [];
  w.footfall = track;
  // A prerendered or background tab is not a view until someone looks at it.
  if (d.visibilityState === 'visible') page(1);
  else d.addEventListener('visibilitychange', function v() {
    if (d.visibilityState === 'visible') { d.removeEventListener('visibilitychange', v); page(1) }
  });
  for (var i = 0; i < q.length; i++) track.apply(w, q[i]);
}(window, document, location);
