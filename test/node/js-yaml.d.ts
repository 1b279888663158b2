/** The one function of js-yaml the node tests use (the package ships no types). */
declare module "js-yaml" {
  const yaml: { load(text: string): unknown };
  export default yaml;
}
