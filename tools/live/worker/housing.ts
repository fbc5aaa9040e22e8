// src/data/housing.ts for the live pages: the same parser over the same CSV, whose text the page
// sends (the site ships it as assets/live/housing-data.js: a worker cannot read files, nor fetch from
// file://). The path reads as in the lessons' output: data/california-housing.csv.
import { type Housing, parseHousing } from "../../../src/data/housing-parse";

export * from "../../../src/data/housing-parse";

export const HOUSING_PATH = "data/california-housing.csv";
let csv: string | null = null;

export function setHousingCsv(text: string): void {
  csv = text;
}

export function defaultHousingPath(): string {
  return HOUSING_PATH;
}

export function displayPath(path: string): string {
  return path;
}

export function loadHousing(path: string = HOUSING_PATH): Housing {
  if (path !== HOUSING_PATH) throw new Error(`loadHousing: cannot read ${path}: in the browser only ${HOUSING_PATH} (the course's data) is there`);
  if (csv === null) throw new Error("loadHousing: the housing data has not reached this page's worker (assets/live/housing-data.js did not load)");
  return parseHousing(csv, path);
}
