// `pnpm build`'s second step: the package's declarations as one self-contained file.
// rollup-plugin-dts writes the types of @invite/api's procedures and of @invite/schemas into
// dist/index.d.ts, from the declarations their own builds emit (the `@invite/dist` condition),
// and leaves every other package an import. The build fails if that import is anything but the
// client's own dependencies: a type from Prisma, zod or Node in an output would need the
// server's packages in every app that installs this one.
import { realpathSync } from "node:fs";
import { dts } from "rollup-plugin-dts";

const DEPENDENCIES = ["@trpc/server", "@trpc/client", "superjson"];
const INLINED = /^@invite\/(api|schemas)(\/|$)/;

export default {
  input: "src/index.ts",
  output: { file: "dist/index.d.ts", format: "es" },
  external: (id, importer) => importer !== undefined && /^[^./]/.test(id) && !INLINED.test(id),
  plugins: [
    {
      // pnpm links a workspace package into each dependent's node_modules: one file, one module.
      name: "invite:real-paths",
      async resolveId(source, importer, options) {
        const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
        return resolved && !resolved.external ? { ...resolved, id: realpathSync(resolved.id) } : resolved;
      },
    },
    dts({ respectExternal: true, tsconfig: "tsconfig.json", compilerOptions: { customConditions: ["@invite/dist"] } }),
    {
      name: "invite:only-dependencies",
      generateBundle(_options, bundle) {
        for (const chunk of Object.values(bundle)) {
          const stray = chunk.type === "chunk" ? chunk.imports.filter((id) => !DEPENDENCIES.includes(id)) : [];
          if (stray.length === 0) continue;
          this.error(
            `${chunk.fileName} would import ${stray.join(", ")}; only ${DEPENDENCIES.join(", ")} may be. A procedure's ` +
              "output names a type from there: give it a plain type (the enums of @invite/schemas, an interface " +
              "of its own) as packages/client/README.md says.",
          );
        }
      },
    },
  ],
};
