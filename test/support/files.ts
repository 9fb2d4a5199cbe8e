import { readFileSync } from "fs";
import path from "path";

export const ROOT = path.resolve(__dirname, "..", "..");
export const SEED_PATH = path.join(ROOT, "seeds", "liaocheng-hitech-2022-business-environment-plan.txt");
export const seedText = (): string => readFileSync(SEED_PATH, "utf8");
export const fixture = (name: string): string =>
  readFileSync(path.join(ROOT, "test", "fixtures", name), "utf8");
