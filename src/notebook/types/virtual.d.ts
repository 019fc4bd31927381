// The module the Vite plugin in declarations.ts serves: path → text of every declaration file.
declare module 'virtual:cell-declarations' {
  const declarations: Record<string, string>;
  export default declarations;
}
