export { Engine, EngineOptions, RenderedResponse, RouteModule } from './engine';
export { EngineState, EMULATED_VERSION } from './engine-state';
export { OpenSearchError } from './errors';
export {
  createEmbeddedClient,
  openEmbeddedClient,
  EmbeddedClientOptions,
} from './client/create-embedded-client';
export { serveHttp, serverPort, HttpFrontOptions } from './http/http-front';
export { EngineRequest, EngineResponse } from './rest/request';
