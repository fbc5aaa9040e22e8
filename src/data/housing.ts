// The shipped California housing CSV → X (8, m), one block group per column, and y (1, m) in USD.
// Lessons 01 and 10. The only module that touches the file system (the browser playground omits it;
// the site's live pages load the same CSV text and parse it with ./housing-parse, as this does).
import * as fs from "node:fs";
import * as nodePath from "node:path";
import { type Housing, parseHousing } from "./housing-parse";

export * from "./housing-parse";

/**
 * <repo>/data/california-housing.csv, found from this file's real location so it works from the repo,
 * from notebooks/ (where src is a symlink: __dirname may read notebooks/src/data) and under tslab.
 */
export function defaultHousingPath(): string {
  return nodePath.join(fs.realpathSync(__dirname), "..", "..", "data", "california-housing.csv");
}

/**
 * `path` as the summary prints it: relative to the repository (data/california-housing.csv) when it lies
 * inside it, so that no machine's absolute path shows in a lesson; as given otherwise.
 */
export function displayPath(path: string): string {
  const repo = nodePath.join(fs.realpathSync(__dirname), "..", "..");
  const rel = nodePath.relative(repo, nodePath.resolve(path));
  return rel !== "" && !rel.startsWith("..") && !nodePath.isAbsolute(rel) ? rel.split(nodePath.sep).join("/") : path;
}

/**
 * Reads the housing CSV: X (8, m) from the 8 feature columns, y (1, m) = median_house_value, with rows
 * lacking total_bedrooms dropped and said so in `report` (20,640 read → m = 20,433 kept). Lesson 01.
 * @param path defaults to the shipped data/california-housing.csv
 */
export function loadHousing(path: string = defaultHousingPath()): Housing {
  let csv: string;
  try {
    csv = fs.readFileSync(path, "utf8");
  } catch (e) {
    throw new Error(`loadHousing: cannot read ${path}: ${(e as Error).message}`);
  }
  return parseHousing(csv, path, displayPath(path));
}
