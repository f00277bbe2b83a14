// E2E program with a deliberate type error: `pulumi preview` must fail with the compiler's message.
// (Excluded from `npm run typecheck` in tsconfig.json for that reason.)
import * as coderd from "pulumi-coderd";

// error TS2322: Type 'number' is not assignable to type 'string'.
const name: string = 42;
export const group = new coderd.Group("eng", { name }).id;
