// A schedule switch's urlPath for a dynamic input (file:///…/vod/$urlPath$): each value
// must be a relative path that keeps the substituted URL inside the folder the input's
// URL names before $urlPath$ (not only inside an input root). A source that is $urlPath$
// alone takes a whole URL, checked like any source by the pull verification. Pure.

import { dynamicFolderPrefix, hasDotSegment, urlPathProblem } from "../../shared/input-paths.ts";

/** One message per value (or substituted URL) that would leave its folder; empty when all stay. */
export function dynamicUrlPathProblems(templates: readonly string[], urlPath: readonly string[], token: string): string[] {
  const problems: string[] = [];
  templates.forEach((template, index) => {
    if (template === token) return;
    const value = urlPath[index] ?? urlPath[0] ?? "";
    const problem = urlPathProblem(value);
    if (problem !== undefined) {
      problems.push(`urlPath value ${JSON.stringify(value)} ${problem}`);
      return;
    }
    const substituted = template.replaceAll(token, value);
    const folder = dynamicFolderPrefix(template, token);
    if (!substituted.startsWith(folder) || hasDotSegment(substituted.replace(/[?#].*$/s, ""))) {
      problems.push(`urlPath value ${JSON.stringify(value)} leads out of the input's folder ${folder}`);
    }
  });
  return [...new Set(problems)];
}
