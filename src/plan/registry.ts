/** The unit registry: every distinct unit of the plan, with the tasks it leads or supports. */
import type { Domain, Task, Unit } from "./types";
import { isCollective } from "./units";

export function buildRegistry(domains: Domain[], tasks: Task[]): Unit[] {
  const units = new Map<string, Unit>();
  const get = (name: string) => {
    let u = units.get(name);
    if (!u) {
      u = { name, collective: isCollective(name), leadTasks: [], supportTasks: [], leadDomains: [] };
      units.set(name, u);
    }
    return u;
  };
  for (const d of domains) for (const n of d.leadUnits) get(n).leadDomains.push(d.ordinal);
  for (const t of tasks) {
    for (const n of t.leadUnits) get(n).leadTasks.push(t.id);
    for (const n of t.responsibleUnits) get(n).supportTasks.push(t.id);
  }
  return [...units.values()];
}
