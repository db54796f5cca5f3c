import { EngineState } from '../engine-state';
import { EngineResponse, RestCall } from '../rest/request';
import { Route } from '../rest/router';

const TIMEOUT_PARAMS = ['timeout', 'cluster_manager_timeout', 'master_timeout'];

/** RestPutStoredScriptAction, RestGetStoredScriptAction, RestDeleteStoredScriptAction. */
export function scriptRoutes(state: EngineState): Route[] {
  const put = async (call: RestCall): Promise<EngineResponse> => {
    const context = call.pathParams.context ?? call.query('context');
    await state.commit(state.scripts.put(call.param('id'), call.jsonBody(true)!, context));
    return { status: 200, body: { acknowledged: true } };
  };
  const get = (call: RestCall): EngineResponse => {
    const id = call.param('id');
    const script = state.scripts.get(id);
    if (!script) return { status: 404, body: { _id: id, found: false } };
    return {
      status: 200,
      body: { _id: id, found: true, script: { lang: script.lang, source: script.source } },
    };
  };
  const remove = async (call: RestCall): Promise<EngineResponse> => {
    await state.commit(state.scripts.delete(call.param('id')));
    return { status: 200, body: { acknowledged: true } };
  };
  return [
    { method: 'PUT', path: '/_scripts/{id}', params: [...TIMEOUT_PARAMS, 'context'], handler: put },
    { method: 'POST', path: '/_scripts/{id}', params: [...TIMEOUT_PARAMS, 'context'], handler: put },
    { method: 'PUT', path: '/_scripts/{id}/{context}', params: TIMEOUT_PARAMS, handler: put },
    { method: 'POST', path: '/_scripts/{id}/{context}', params: TIMEOUT_PARAMS, handler: put },
    {
      method: 'GET',
      path: '/_scripts/{id}',
      params: ['cluster_manager_timeout', 'master_timeout'],
      handler: get,
    },
    { method: 'DELETE', path: '/_scripts/{id}', params: TIMEOUT_PARAMS, handler: remove },
  ];
}
