// Settings, Goals: custom events and page paths to count visitors by.

import { put, del, seg } from '../../api.js';
import { h } from '../../dom.js';
import { field, fieldWith, formError, onSubmit } from '../../components/forms/form.js';
import { section, guarded } from './section.js';

export function goalsSection(ctx) {
  const goalList = h('ul', { class: 'plain-list goal-list', id: 'goal-list' });
  const goalAlert = formError();
  const goalType = h('select', { id: 'goal-type', name: 'goal_type' }, h('option', { value: 'event' }, 'Custom event'), h('option', { value: 'page' }, 'Pageview'));
  const goalValue = field({ id: 'goal-value', name: 'event_name', label: 'Event name', placeholder: 'Signup', required: true, autocomplete: 'off' });
  goalType.addEventListener('change', () => {
    const page = goalType.value === 'page';
    const input = goalValue.querySelector('input');
    goalValue.querySelector('label').textContent = page ? 'Page path' : 'Event name';
    input.placeholder = page ? '/blog/** or /pricing' : 'Signup';
    input.name = page ? 'page_path' : 'event_name';
    goalValue.dataset.field = input.name;
  });
  const goalName = field({ id: 'goal-name', name: 'display_name', label: 'Display name (optional)', placeholder: 'Signed up', autocomplete: 'off' });
  const goalForm = h('form', { class: 'inline-form', id: 'goal-form' },
    fieldWith({ label: 'Goal type', name: 'goal_type', control: goalType }), goalValue, goalName,
    h('button', { type: 'submit', class: 'secondary' }, 'Add goal'), formError());
  // Plausible's ready-made goals for what its script (and Footfall's) can send.
  const PRESETS = [
    ['Outbound link clicks', { goal_type: 'event', event_name: 'Outbound Link: Click' }],
    ['File downloads', { goal_type: 'event', event_name: 'File Download' }],
    ['404 pages', { goal_type: 'event', event_name: '404' }],
  ];
  const presets = h('p', { class: 'goal-presets' }, 'Add a common goal: ', PRESETS.map(([label, body], i) => [i ? ' · ' : '', h('button', {
    type: 'button', class: 'link-button', dataset: { preset: body.event_name },
    onclick: guarded(goalAlert, async () => {
      if ((ctx.info.goals || []).some((g) => g.event_name === body.event_name)) return;
      await put('/api/v1/sites/goals', { site_id: ctx.domain, ...body });
      await ctx.reloadInfo();
      drawGoals();
    }),
  }, label)]));
  function drawGoals() {
    goalList.replaceChildren(...(ctx.info.goals || []).map((goal) => h('li', { class: 'goal', dataset: { goalId: String(goal.id), goalType: goal.goal_type } },
      h('span', {}, h('span', { class: 'badge' }, goal.goal_type === 'page' ? 'Pageview' : 'Event'), ' ', goal.display_name || goal.event_name || goal.page_path),
      h('button', {
        type: 'button', class: 'danger small remove', 'aria-label': `Delete goal ${goal.display_name || goal.event_name || goal.page_path}`,
        onclick: guarded(goalAlert, async () => {
          await del(`/api/v1/sites/goals/${seg(goal.id)}?site_id=${seg(ctx.domain)}`);
          await ctx.reloadInfo();
          drawGoals();
        }),
      }, 'Delete'))));
    if (!ctx.info.goals || !ctx.info.goals.length) goalList.append(h('li', { class: 'empty' }, 'No goals yet.'));
  }
  onSubmit(goalForm, async (values) => {
    const body = { site_id: ctx.domain, goal_type: values.goal_type };
    if (values.goal_type === 'page') body.page_path = (values.page_path || '').trim();
    else body.event_name = (values.event_name || '').trim();
    if ((values.display_name || '').trim()) body.display_name = values.display_name.trim();
    await put('/api/v1/sites/goals', body);
    goalForm.reset();
    goalType.dispatchEvent(new Event('change'));
    await ctx.reloadInfo();
    drawGoals();
  });
  drawGoals();
  return {
    element: section('settings-goals', 'Goals', 'A goal counts visitors who sent a custom event, or who viewed a page whose path matches ("*" matches anything, "**" across slashes).', goalList, goalAlert, goalForm, presets),
  };
}
