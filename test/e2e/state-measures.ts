export { callCounts, providerBytes, routeOf } from "../../tools/state-measures";
