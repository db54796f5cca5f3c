export { Engine, EngineOptions, RenderedResponse, RouteModule } from './engine';
export { EngineState, EMULATED_VERSION } from './engine-state';
export { OpenSearchError } from './errors';
export {
  createEmbeddedClient,
  openEmbeddedClient,
  openWorkerEmbeddedClient,
  EmbeddedClientOptions,
} from './client/create-embedded-client';
export { EngineHandler, WorkerEngine } from './client/worker-engine';
export { serveHttp, serverPort, HttpFrontOptions } from './http/http-front';
export { EngineRequest, EngineResponse } from './rest/request';
