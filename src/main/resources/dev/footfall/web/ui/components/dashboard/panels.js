// Which breakdown panels the dashboard shows, their tabs and their metrics. The first metric
// orders the rows and sizes the bars.

import { get, seg, isAbort } from '../../api.js';

const UTM = [
  ['visit:utm_medium', 'Medium'],
  ['visit:utm_source', 'Source'],
  ['visit:utm_campaign', 'Campaign'],
  ['visit:utm_content', 'Content'],
  ['visit:utm_term', 'Term'],
];

/** Custom property keys, fetched once per dashboard (the same for every period). */
function propertyKeys(ctx) {
  let cached = null;
  return async () => {
    if (!cached) {
      cached = get(`/api/ui/sites/${seg(ctx.domain)}/property-keys`).then(
        ({ keys }) => keys.map((key) => [`event:props:${key}`, key]),
        (error) => {
          cached = null;
          if (isAbort(error)) return [];
          throw error;
        },
      );
    }
    return cached;
  };
}

export function panelSpecs(ctx) {
  return [
    {
      id: 'pages',
      title: 'Pages',
      tabs: [
        { key: 'pages', label: 'Top pages', dimension: 'event:page', metrics: ['visitors', 'pageviews'] },
        { key: 'entry', label: 'Entry pages', dimension: 'visit:entry_page', metrics: ['visitors', 'visits'] },
        { key: 'exit', label: 'Exit pages', dimension: 'visit:exit_page', metrics: ['visitors', 'visits'] },
      ],
    },
    {
      id: 'sources',
      title: 'Sources',
      tabs: [
        { key: 'sources', label: 'Sources', dimension: 'visit:source', metrics: ['visitors'] },
        { key: 'referrers', label: 'Referrers', dimension: 'visit:referrer', metrics: ['visitors'] },
        { key: 'utm', label: 'UTM', choices: UTM, metrics: ['visitors'] },
      ],
    },
    {
      id: 'locations',
      title: 'Locations',
      tabs: [
        { key: 'countries', label: 'Countries', dimension: 'visit:country', metrics: ['visitors'] },
        { key: 'regions', label: 'Regions', dimension: 'visit:region_name', metrics: ['visitors'], needsCities: true },
        { key: 'cities', label: 'Cities', dimension: 'visit:city', metrics: ['visitors'], needsCities: true },
      ],
    },
    {
      id: 'devices',
      title: 'Devices',
      tabs: [
        { key: 'devices', label: 'Devices', dimension: 'visit:device', metrics: ['visitors'] },
        // Filtered to one browser (or OS), the list drills down to its versions, as on Plausible.
        { key: 'browsers', label: 'Browsers', dimension: 'visit:browser', drill: 'visit:browser_version', metrics: ['visitors'] },
        { key: 'os', label: 'OS', dimension: 'visit:os', drill: 'visit:os_version', metrics: ['visitors'] },
      ],
    },
    {
      id: 'goals',
      title: 'Goals',
      tabs: [
        {
          key: 'goals', label: 'Goals', dimension: 'event:goal', metrics: ['visitors', 'events', 'conversion_rate'], goalMetrics: false,
          empty: ctx.readOnly ? 'No conversions in this period' : 'No conversions in this period. Goals are set up in the site settings.',
        },
        {
          // Visitors "without" a property are nearly all of them, and a visitor with events on
          // both sides counts in two rows: a "(none)" row larger than the site itself would only
          // mislead, so it is left out (the property's own values are what this list is for).
          key: 'props', label: 'Properties', choices: propertyKeys(ctx), metrics: ['visitors', 'events'], dropNone: true,
          emptyChoices: 'No custom properties have been sent yet.',
        },
      ],
    },
  ];
}

/** The realtime view's two lists (last 30 minutes). */
export function realtimePanelSpecs() {
  return [
    { id: 'realtime-pages', title: 'Top pages (30 min)', tabs: [{ key: 'pages', label: 'Pages', dimension: 'event:page', metrics: ['visitors', 'pageviews'] }] },
    { id: 'realtime-sources', title: 'Top sources (30 min)', tabs: [{ key: 'sources', label: 'Sources', dimension: 'visit:source', metrics: ['visitors'] }] },
  ];
}
