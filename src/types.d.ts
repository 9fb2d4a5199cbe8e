declare module "*.txt" {
  const text: string;
  export default text;
}
declare module "*.css";
declare module "pdfjs-dist/legacy/build/pdf.worker.mjs" {
  export const WorkerMessageHandler: unknown;
}
