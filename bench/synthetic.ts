/** Synthetic plans of any size, shaped like the seed (domains, unit brackets, deadlines), for benchmarks. */

export const UNITS = [
  "行政审批服务部",
  "建设管理部",
  "税务局",
  "财政管理部",
  "发展环境保障部",
  "投资促进部",
  "司法分局",
  "公安分局",
];
const CN = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
const cn = (n: number) =>
  n <= 10
    ? CN[n - 1]
    : n < 20
      ? "十" + CN[n - 11]
      : CN[Math.floor(n / 10) - 1] + "十" + (n % 10 ? CN[(n % 10) - 1] : "");

export function syntheticPlan(tasks: number, domains = 16, year = 2022): string {
  const lines = [
    `当前位置:`,
    ``,
    `某区营商环境${year}年行动计划`,
    ``,
    `时间:${year}-07-08 10:00:00`,
    ``,
    `二、主要任务`,
    ``,
  ];
  const perDomain = Math.ceil(tasks / domains);
  let id = 1;
  for (let d = 1; d <= domains && id <= tasks; d++) {
    lines.push(`(${cn(d)})第${d}领域〔领域牵头单位:${UNITS[d % UNITS.length]}〕`, "");
    for (let k = 0; k < perDomain && id <= tasks; k++, id++) {
      const month = 7 + (id % 6);
      const deadline =
        id % 3 === 0 ? `${month}月底前,完成第${id}项工作的阶段目标,办理时限压减至${id % 20}个工作日。` : "";
      lines.push(
        `${id}.推进第${id}项改革任务。围绕重点环节持续优化服务流程,提升办事效率。${deadline}` +
          `〔牵头单位:${UNITS[id % UNITS.length]};责任单位:${UNITS[(id + 3) % UNITS.length]}、区直各部门〕`,
        "",
      );
    }
  }
  lines.push("三、保障措施", "", "(一)强化统筹协调。定期调度工作进展情况。");
  return lines.join("\n");
}
