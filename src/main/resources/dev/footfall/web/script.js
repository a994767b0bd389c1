// Footfall tracker: cookieless pageviews, custom events and engagement, sent to the
// Plausible-compatible Events API. No cookies, no stored identifiers: the server derives a daily
// visitor id.
//
// This file is the source of every script the server serves (TrackerScripts): /js/script.js and
// each Plausible variant such as /js/script.hash.outbound-links.js. Lines between "//#if COND" and
// "//#end" (with an optional "//#else") are kept only in the variants COND holds for; COND names
// features ("hash"), "!" negates one and "|" joins alternatives. "web" is the per-site
// /js/pa-….js script: it has every feature, switched at run time by plausible.init({...}).
// Comment lines and indentation never reach a visitor, so comments say why freely; keep each
// comment on its own line.
!function (w, d, l) {
  'use strict';
  //#if compat
  // Old browsers have no currentScript: Plausible's compat snippet names its tag id="plausible".
  var s = d.currentScript || d.getElementById('plausible'),
    origin = s && s.src.split('/').slice(0, 3).join('/'),
  //#else
  var s = d.currentScript || d.querySelector('script[data-domain]'),
    origin = s && new URL(s.src).origin,
  //#end
    // The configuration: d domain, a endpoint, h hash routing, o outbound links, f file types,
    // s form submissions, l count on localhost, m manual pageviews, p custom properties,
    // t transformRequest, g log ignored events.
    c = {},
    // Engagement, measured as the official tracker does: the deepest point of the page seen and
    // the time it was visible and focused, for the page of the last pageview.
    eOn, eOff, eUrl, eProps, eSent, eStart = 0, eTime = 0, height, deepest, last,
    //#if file-downloads|web
    // Plausible's default download extensions (DEFAULT_FILE_TYPES).
    TYPES = ['pdf', 'xlsx', 'docx', 'txt', 'rtf', 'csv', 'exe', 'key', 'pps', 'ppt', 'pptx', '7z', 'pkg', 'rar', 'gz', 'zip',
      'avi', 'mov', 'mp4', 'mpeg', 'wmv', 'midi', 'mp3', 'wav', 'wma', 'dmg'],
    //#end
    //#if tagged-events|web
    // How many parents of the clicked element may carry the plausible-event-name class (Plausible's limit).
    UP = 3,
    //#end
    attr = function (a) { return s && s.getAttribute(a) };

  function docHeight() {
    var b = d.body || {}, e = d.documentElement || {};
    return Math.max(b.scrollHeight || 0, b.offsetHeight || 0, b.clientHeight || 0, e.scrollHeight || 0, e.offsetHeight || 0, e.clientHeight || 0);
  }

  function seen() {
    var e = d.documentElement || {}, vh = w.innerHeight || e.clientHeight || 0;
    return height <= vh ? height : (w.scrollY || e.scrollTop || (d.body || {}).scrollTop || 0) + vh;
  }

  function engagedMs() {
    return eStart ? eTime + Date.now() - eStart : eTime;
  }

  // Sent when the page is hidden or loses focus, and before an SPA navigation, but only with news:
  // deeper than last sent, or 3 s more engaged (the official tracker's rule). The first is always news.
  function engagement() {
    var t = engagedMs(), e;
    if (!eOff && (eSent < deepest || t >= 3000)) {
      eSent = deepest;
      e = { n: 'engagement', sd: Math.round(deepest / height * 100), u: eUrl, p: eProps, e: t };
      if (c.d) e.d = c.d;
      //#if hash
      if (c.h) e.h = 1;
      //#end
      eStart = eTime = 0;
      send(e);
    }
  }

  function focus() {
    if (d.visibilityState === 'visible' && d.hasFocus() && !eStart) eStart = Date.now();
    else if (d.visibilityState === 'hidden' || !d.hasFocus()) {
      eTime = engagedMs();
      eStart = 0;
      engagement();
    }
  }

  //#if exclusions
  // data-include / data-exclude: comma-separated paths where * is one path segment and ** anything.
  function matches(glob) {
    var path = l.pathname;
    //#if hash
    if (c.h) path += l.hash;
    //#end
    return new RegExp('^' + glob.trim().replace(/[.+?^${}()|[\]\\]/g, '\\$&')
      .replace(/\*\*?/g, function (m) { return m[1] ? '.*' : '[^\\s/]*' }) + '/?$').test(path);
  }

  function included() {
    var inc = attr('data-include'), exc = attr('data-exclude');
    return (!inc || inc.split(',').some(matches)) && !(exc && exc.split(',').some(matches));
  }
  //#end

  // plausible(name, {props, interactive, callback, ...}); the callback gets {status} or {error},
  // or nothing when the event is ignored.
  function track(n, o) {
    o = o || {};
    var pv = n === 'pageview', e, p, k, i;
    if (pv && eOn) {
      // An SPA navigation: first the engagement with the page being left.
      engagement();
      height = docHeight();
      deepest = seen();
    }
    //#if !local|web
    if (!c.l) {
      // Plausible's localhost and automation rules; script.local.js (or captureOnLocalhost) counts them.
      if (/^(localhost|127(\.\d+){0,2}\.\d+|\[::1?\])$/.test(l.hostname) || l.protocol === 'file:') return ignore(n, o, 'localhost');
      if ((w._phantom || w.__nightmare || w.navigator.webdriver || w.Cypress) && !w.__plausible) return ignore(n, o);
    }
    //#end
    try {
      if (w.localStorage.plausible_ignore === 'true' || w.localStorage.footfall_ignore === 'true') return ignore(n, o, 'localStorage flag');
    } catch (x) {
      // storage can be blocked: then nothing is ignored
    }
    //#if exclusions
    if (pv && !included()) return ignore(n, o, 'exclusion rule');
    //#end
    e = { n: n, u: l.href, r: d.referrer || null };
    //#if manual|web
    // A manual pageview may name its URL (plausible('pageview', {u: ...})), relative to the page if relative.
    if (o.u || o.url) {
      try {
        e.u = new URL(o.u || o.url, l.href).href;
      } catch (x) {
        e.u = o.u || o.url;
      }
    }
    //#end
    // Without a domain (a per-site script not told one) the server takes the page's host.
    if (c.d) e.d = c.d;
    if (o.meta) e.m = o.meta;
    if (o.props) e.p = o.props;
    if (o.interactive === false) e.i = false;
    //#if revenue|web
    if (o.revenue) e.$ = o.revenue;
    //#end
    //#if pageview-props
    // event-* attributes of the script tag are properties of every event; the event's own win.
    p = {};
    for (k in e.p) p[k] = e.p[k];
    for (i = 0; i < s.attributes.length; i++) {
      k = s.attributes[i].name;
      if (k.indexOf('event-') === 0 && !p[k.slice(6)]) p[k.slice(6)] = s.attributes[i].value;
    }
    e.p = p;
    //#end
    //#if web
    if (c.p) {
      p = typeof c.p === 'function' ? c.p(n) : c.p;
      if (typeof p === 'object') e.p = Object.assign({}, p, e.p);
    }
    //#end
    //#if hash
    if (c.h) e.h = 1;
    //#end
    //#if web
    if (c.t && !(e = c.t(e))) return ignore(n, o, 'transformRequest');
    //#end
    if (pv) {
      eOff = 0;
      eUrl = e.u;
      eProps = e.p;
      eSent = -1;
      eTime = 0;
      eStart = Date.now();
      if (!eOn) {
        eOn = 1;
        d.addEventListener('visibilitychange', focus);
        w.addEventListener('blur', focus);
        w.addEventListener('focus', focus);
      }
    }
    send(e, o.callback);
  }

  function ignore(n, o, why) {
    if (why && c.g) console.warn('Ignoring Event: ' + why);
    if (o.callback) o.callback();
    if (n === 'pageview') eOff = 1;
  }

  function send(e, cb) {
    cb = cb || function () {};
    //#if compat
    var x = new XMLHttpRequest();
    x.open('POST', c.a, true);
    x.setRequestHeader('Content-Type', 'text/plain');
    x.onreadystatechange = function () {
      if (x.readyState === 4) cb(x.status ? { status: x.status } : { error: new Error('Network error') });
    };
    x.send(JSON.stringify(e));
    //#else
    // text/plain keeps it a CORS simple request (no preflight); keepalive lets it outlive the page.
    fetch(c.a, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: JSON.stringify(e), keepalive: true, credentials: 'omit' })
      .then(function (r) { cb({ status: r.status }) }, function (x) { cb({ error: x }) });
    //#end
  }

  //#if !manual|web
  function autocapture() {
    // An SPA navigation that only changes the query or state is the same page; with hash routing every change counts.
    function page(spa) {
      if (spa && last === l.pathname
        //#if hash
        && !c.h
        //#end
      ) return;
      last = l.pathname;
      track('pageview');
    }

    function spa() {
      page(1);
    }

    //#if hash
    if (c.h) w.addEventListener('hashchange', spa);
    else
    //#end
    if (w.history.pushState) {
      var push = w.history.pushState;
      w.history.pushState = function () {
        push.apply(this, arguments);
        spa();
      };
      w.addEventListener('popstate', spa);
    }
    // A prerendered or background tab is not a view until someone looks at it.
    if (d.visibilityState === 'hidden' || d.visibilityState === 'prerender') {
      d.addEventListener('visibilitychange', function () {
        if (!last && d.visibilityState === 'visible') page();
      });
    } else page();
    // Restored from the back/forward cache: a new view of the page.
    w.addEventListener('pageshow', function (ev) {
      if (ev.persisted) page();
    });
  }
  //#end

  //#if outbound-links|file-downloads|tagged-events|web
  function isLink(el) {
    return el && el.tagName && el.tagName.toLowerCase() === 'a';
  }

  // The link around the clicked element; an SVG <a> (whose href is no string) is not one.
  function linkOf(el) {
    while (el && !(isLink(el) && typeof el.href === 'string' && el.href)) el = el.parentNode;
    return el;
  }

  function linkEvent(ev, a, name, props, revenue) {
    var o = { props: props }, gone;
    //#if revenue|web
    o.revenue = revenue;
    //#end
    //#if compat
    // An XHR dies with the page: hold a navigation in this tab until the event is sent (5 s at most), as Plausible's compat script does.
    if (!ev.defaultPrevented && (!a.target || /^_(self|parent|top)$/i.test(a.target)) && !(ev.ctrlKey || ev.metaKey || ev.shiftKey) && ev.type === 'click') {
      o.callback = function () {
        if (!gone) {
          gone = 1;
          l.href = a.href;
        }
      };
      setTimeout(o.callback, 5000);
      ev.preventDefault();
    }
    //#end
    track(name, o);
  }
  //#end

  //#if outbound-links|file-downloads|web
  function onClick(ev) {
    // A middle click opens the link too; other buttons do not.
    if (ev.type === 'auxclick' && ev.button !== 1) return;
    var a = linkOf(ev.target), url = a && a.href.split('?')[0];
    //#if tagged-events|web
    // A tagged link is the tagged-event handler's: one event per click.
    if (taggedWithin(a, 0)) return;
    //#end
    //#if outbound-links|web
    if (c.o && a && a.host && a.host !== l.host) return linkEvent(ev, a, 'Outbound Link: Click', { url: a.href });
    //#end
    //#if file-downloads|web
    if (c.f && url && c.f.indexOf(url.split('.').pop()) >= 0) return linkEvent(ev, a, 'File Download', { url: url });
    //#end
  }
  //#end

  //#if tagged-events|web
  // class="plausible-event-name=Signup plausible-event-plan=pro" ("--" for "=", "+" for a space).
  function tagged(el) {
    for (var i = 0, cl = el && el.classList; cl && i < cl.length; i++) if (/plausible-event-name(=|--)(.+)/.test(cl[i])) return 1;
  }

  function taggedWithin(el, n) {
    return el && n <= UP && (tagged(el) || taggedWithin(el.parentNode, n + 1));
  }

  // The event of a tagged element, or of its parent.
  function eventOf(el) {
    var t = tagged(el) ? el : el && el.parentNode, r = { props: {}, revenue: {} }, cl = t && t.classList, i, m;
    for (i = 0; cl && i < cl.length; i++) {
      m = cl[i].match(/plausible-event-(.+)(=|--)(.+)/);
      if (m) {
        if (m[1].toLowerCase() === 'name') r.name = m[3].replace(/\+/g, ' ');
        else r.props[m[1]] = m[3].replace(/\+/g, ' ');
      }
      //#if revenue|web
      m = cl[i].match(/plausible-revenue-(.+)(=|--)(.+)/);
      if (m) r.revenue[m[1]] = m[3];
      //#end
    }
    return r;
  }

  function onTaggedClick(ev) {
    if (ev.type === 'auxclick' && ev.button !== 1) return;
    var el = ev.target, a, t, i, r, o;
    for (i = 0; el && i <= UP; i++, el = el.parentNode) {
      // Inside a form only the submission counts.
      if (el.tagName && el.tagName.toLowerCase() === 'form') return;
      if (isLink(el)) a = el;
      if (tagged(el)) t = el;
    }
    if (!t) return;
    r = eventOf(t);
    if (a) {
      r.props.url = a.href;
      return linkEvent(ev, a, r.name, r.props, r.revenue);
    }
    o = { props: r.props };
    //#if revenue|web
    o.revenue = r.revenue;
    //#end
    track(r.name, o);
  }

  function onTaggedSubmit(ev) {
    var f = ev.target, r = eventOf(f), o, sent;
    if (!r.name) return;
    o = { props: r.props };
    //#if revenue|web
    o.revenue = r.revenue;
    //#end
    //#if compat
    // The XHR would die with the page the form leads to: submit once the event is sent (5 s at most).
    ev.preventDefault();
    o.callback = function () {
      if (!sent) {
        sent = 1;
        f.submit();
      }
    };
    setTimeout(o.callback, 5000);
    //#end
    track(r.name, o);
  }
  //#end

  //#if file-downloads
  function list(text) {
    return text.split(',').map(function (t) { return t.trim() });
  }
  //#end

  function init(o) {
    if (w.plausible && w.plausible.l) return;
    o = o || {};
    var q, i;
    c.a = attr('data-api') || origin + '/api/event';
    c.d = attr('data-domain');
    c.g = 1;
    //#if web
    c.a = o.endpoint || c.a;
    c.d = o.domain || c.d;
    c.h = o.hashBasedRouting;
    // The per-site script has what Plausible's site settings offer on unless switched off.
    c.o = o.outboundLinks !== false;
    c.f = o.fileDownloads === false ? 0 : o.fileDownloads && o.fileDownloads.fileExtensions || TYPES;
    c.s = o.formSubmissions !== false;
    c.l = o.captureOnLocalhost;
    c.m = o.autoCapturePageviews === false;
    c.p = o.customProperties;
    c.t = o.transformRequest;
    c.g = o.logging !== false;
    //#else
    //#if hash
    c.h = 1;
    //#end
    //#if outbound-links
    c.o = 1;
    //#end
    //#if file-downloads
    // file-types replaces the default extensions; add-file-types adds to them.
    c.f = attr('add-file-types') ? list(attr('add-file-types')).concat(TYPES) : attr('file-types') ? list(attr('file-types')) : TYPES;
    //#end
    //#end

    height = docHeight();
    deepest = seen();
    d.addEventListener('scroll', function () {
      height = docHeight();
      var px = seen();
      if (px > deepest) deepest = px;
    });
    w.addEventListener('load', function () { height = docHeight() });
    // Content that loads later makes the page taller.
    if (w.ResizeObserver) new ResizeObserver(function () { height = docHeight() }).observe(d.documentElement);

    //#if web
    if (!c.m)
    //#end
    //#if !manual|web
    autocapture();
    //#end
    //#if outbound-links|file-downloads|web
    d.addEventListener('click', onClick);
    d.addEventListener('auxclick', onClick);
    //#end
    //#if tagged-events|web
    d.addEventListener('submit', onTaggedSubmit);
    d.addEventListener('click', onTaggedClick);
    d.addEventListener('auxclick', onTaggedClick);
    //#end
    //#if web
    if (c.s) {
      d.addEventListener('submit', function (ev) {
        var f = ev.target;
        if ((f.hasAttribute('novalidate') || f.checkValidity()) && !taggedWithin(f, 0)) track('Form: Submission');
      }, true);
    }
    //#end

    // Calls made before this script ran were queued by the snippet: plausible.q, or footfall.q from Footfall's own.
    q = (w.plausible && w.plausible.q || []).concat(w.footfall !== w.plausible && w.footfall && w.footfall.q || []);
    for (i = 0; i < q.length; i++) track.apply(w, q[i]);
    track.init = init;
    track.l = true;
    w.plausible = w.footfall = track;
  }

  //#if web
  // The per-site script starts on plausible.init({...}) from Plausible's snippet, which may have run already (plausible.o).
  w.plausible = w.plausible || {};
  if (w.plausible.o) init(w.plausible.o);
  else w.plausible.init = init;
  //#else
  init();
  //#end
}(window, document, location);
