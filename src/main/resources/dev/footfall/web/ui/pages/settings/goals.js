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
  const goalForm = h('form', { class: 'inline-form', id: 'goal-form' },
    fieldWith({ label: 'Goal type', name: 'goal_type', control: goalType }), goalValue,
    h('button', { type: 'submit', class: 'secondary' }, 'Add goal'), formError());
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
    await put('/api/v1/sites/goals', body);
    goalForm.reset();
    goalType.dispatchEvent(new Event('change'));
    await ctx.reloadInfo();
    drawGoals();
  });
  drawGoals();
  return {
    element: section('settings-goals', 'Goals', 'A goal counts visitors who sent a custom event, or who viewed a page whose path matches ("*" matches anything, "**" across slashes).', goalList, goalAlert, goalForm),
  };
}
