// /sites/new: add a site, show its tracking snippet, then wait live for the first event
// (polling the site every 2 s) so the user knows the snippet works.

import { get, post, seg, isAbort } from '../api.js';
import { h } from '../dom.js';
import { copyBlock } from '../components/forms/copy.js';
import { field, fieldWith, formError, onSubmit } from '../components/forms/form.js';
import { timezoneSelect } from '../components/forms/timezone.js';

const POLL_MS = 2000;

/** Why events were dropped, in words, with what to do about it. */
const DROP_REASONS = {
  bot: 'its browser looked like a bot (a crawler, a headless browser or an HTTP library); open the site in an ordinary browser',
  disallowed_hostname: 'the page\'s hostname is not in the site\'s allowed hostnames; add it in the site\'s settings',
  spam_referrer: 'its referrer is on the referrer-spam list',
  no_session_for_engagement: 'it was an engagement ping for a visit that was never recorded',
};

/** People paste URLs: keep only the host. */
export function cleanDomain(input) {
  return input.trim().toLowerCase().replace(/^[a-z]+:\/\//, '').replace(/\/.*$/, '');
}

/** A new site's first events are today's, and "Last 30 days" ends yesterday: open on Today. */
const todayDashboard = (domain) => `/sites/${seg(domain)}?period=day`;

export function newSitePage({ main }) {
  document.title = 'Add a site · Footfall';
  let timer = 0;
  let stopped = false;
  const controller = new AbortController();

  const form = h('form', { id: 'new-site-form', class: 'stack narrow' },
    field({ id: 'site-domain', name: 'domain', label: 'Domain', placeholder: 'example.com', required: true, autocomplete: 'off', spellcheck: 'false', hint: 'Without https:// or www, e.g. example.com or blog.example.com.' }),
    fieldWith({ label: 'Reporting time zone', name: 'timezone', control: timezoneSelect({ id: 'site-timezone' }), hint: 'Days in the dashboard start at midnight in this zone.' }),
    formError(),
    h('button', { type: 'submit', class: 'primary' }, 'Add site'));
  const section = h('section', { class: 'card section' }, form);

  async function poll(domain, status) {
    if (stopped) return;
    try {
      const info = await get(`/api/ui/sites/${seg(domain)}`, { signal: controller.signal });
      const drops = Object.entries(info.dropped?.by_reason || {}).filter(([, n]) => n > 0);
      // Redrawn only when the counts change: the line is a live region, read out on each change.
      if (info.events === 0 && drops.length && status.dataset.drops !== JSON.stringify(drops)) {
        status.dataset.drops = JSON.stringify(drops);
        status.dataset.state = 'dropped';
        status.replaceChildren(h('span', { class: 'pulse', 'aria-hidden': 'true' }), ' Events arrive but are dropped: ',
          h('ul', { class: 'drop-reasons' }, drops.map(([reason, n]) => h('li', { dataset: { reason } },
            `${n} ${n === 1 ? 'event' : 'events'}: ${DROP_REASONS[reason] || reason.replaceAll('_', ' ')}.`))),
          'Still waiting for one that counts…');
      }
      if (info.events > 0) {
        status.classList.remove('waiting');
        status.classList.add('received');
        status.dataset.state = 'received';
        status.replaceChildren(h('strong', {}, 'First event received!'), ' ',
          h('a', { href: todayDashboard(domain), id: 'go-to-dashboard', class: 'button primary' }, 'Go to the dashboard'));
        return;
      }
    } catch (error) {
      if (isAbort(error)) return;
    }
    timer = setTimeout(() => poll(domain, status), POLL_MS);
  }

  function showSnippet(domain, snippet) {
    const status = h('p', { id: 'first-event-status', class: 'waiting', role: 'status', 'aria-live': 'polite', dataset: { state: 'waiting' } },
      h('span', { class: 'pulse', 'aria-hidden': 'true' }), ' Waiting for the first event…');
    section.replaceChildren(
      h('h2', {}, `${domain} is added`),
      h('p', {}, 'Paste this snippet into the <head> of every page of your site:'),
      copyBlock(snippet, { label: 'Copy snippet', className: 'snippet', testid: 'site-snippet' }),
      status,
      h('p', { class: 'muted' }, 'Open your site in another tab: the first pageview shows up here within seconds. ',
        h('a', { href: todayDashboard(domain) }, 'Skip to the dashboard')));
    poll(domain, status);
  }

  onSubmit(form, async ({ domain, timezone }) => {
    const site = await post('/api/v1/sites', { domain: cleanDomain(domain), timezone });
    const info = await get(`/api/ui/sites/${seg(site.domain)}`);
    showSnippet(site.domain, info.snippet);
  });

  main.append(h('p', { class: 'breadcrumb' }, h('a', { href: '/sites' }, '← Sites')), h('h1', {}, 'Add a site'), section);
  return {
    destroy() {
      stopped = true;
      clearTimeout(timer);
      controller.abort();
    },
  };
}
