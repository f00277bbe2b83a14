export { callCounts, providerBytes } from "../../tools/state-measures";
