import { EngineState } from '../engine-state';
import { EngineResponse, RestCall } from '../rest/request';
import { Route } from '../rest/router';
import { WalRecord } from '../storage/records';

const TIMEOUT_PARAMS = ['cluster_manager_timeout', 'master_timeout'];
const PUT_PARAMS = ['create', 'cause', 'timeout', ...TIMEOUT_PARAMS];
const GET_PARAMS = ['local', 'flat_settings', ...TIMEOUT_PARAMS];

/**
 * Composable index templates and component templates: RestPutComposableIndexTemplateAction,
 * RestGetComposableIndexTemplateAction, RestDeleteComposableIndexTemplateAction, the component template
 * equivalents, RestSimulateIndexTemplateAction and RestSimulateTemplateAction.
 */
export function templateRoutes(state: EngineState): Route[] {
  const acknowledge = async (records: WalRecord[]): Promise<EngineResponse> => {
    await state.commit(records);
    return { status: 200, body: { acknowledged: true } };
  };
  const putIndexTemplate = (call: RestCall) =>
    acknowledge(
      state.templates.putIndexTemplate(call.param('name'), call.jsonBody(true), {
        create: call.queryBoolean('create', false),
        text: call.request.body,
      }),
    );
  const putComponentTemplate = (call: RestCall) =>
    acknowledge(
      state.templates.putComponentTemplate(call.param('name'), call.jsonBody(true), {
        create: call.queryBoolean('create', false),
        text: call.request.body,
      }),
    );
  const getIndexTemplates = (call: RestCall): EngineResponse =>
    state.templates.getIndexTemplates(call.pathParams.name, call.queryBoolean('flat_settings', false));
  const getComponentTemplates = (call: RestCall): EngineResponse =>
    state.templates.getComponentTemplates(call.pathParams.name, call.queryBoolean('flat_settings', false));
  const simulateTemplate = (call: RestCall): EngineResponse => ({
    status: 200,
    body: state.templates.simulateTemplate(call.pathParams.name, call.jsonBody(false), {
      create: call.queryBoolean('create', false),
      text: call.request.body,
    }),
  });

  return [
    { method: 'PUT', path: '/_index_template/{name}', params: PUT_PARAMS, handler: putIndexTemplate },
    { method: 'POST', path: '/_index_template/{name}', params: PUT_PARAMS, handler: putIndexTemplate },
    { method: 'GET', path: '/_index_template', params: GET_PARAMS, handler: getIndexTemplates },
    { method: 'GET', path: '/_index_template/{name}', params: GET_PARAMS, handler: getIndexTemplates },
    {
      method: 'DELETE',
      path: '/_index_template/{name}',
      params: ['timeout', ...TIMEOUT_PARAMS],
      handler: (call) => acknowledge(state.templates.deleteIndexTemplate(call.param('name'))),
    },
    { method: 'PUT', path: '/_component_template/{name}', params: PUT_PARAMS, handler: putComponentTemplate },
    {
      method: 'POST',
      path: '/_component_template/{name}',
      params: PUT_PARAMS,
      handler: putComponentTemplate,
    },
    { method: 'GET', path: '/_component_template', params: GET_PARAMS, handler: getComponentTemplates },
    {
      method: 'GET',
      path: '/_component_template/{name}',
      params: GET_PARAMS,
      handler: getComponentTemplates,
    },
    {
      method: 'DELETE',
      path: '/_component_template/{name}',
      params: ['timeout', ...TIMEOUT_PARAMS],
      handler: (call) => acknowledge(state.templates.deleteComponentTemplate(call.param('name'))),
    },
    {
      method: 'POST',
      path: '/_index_template/_simulate_index/{name}',
      params: PUT_PARAMS,
      handler: (call) => ({
        status: 200,
        body: state.templates.simulateIndex(call.param('name'), call.jsonBody(false), {
          create: call.queryBoolean('create', false),
          text: call.request.body,
        }),
      }),
    },
    { method: 'POST', path: '/_index_template/_simulate', params: PUT_PARAMS, handler: simulateTemplate },
    {
      method: 'POST',
      path: '/_index_template/_simulate/{name}',
      params: PUT_PARAMS,
      handler: simulateTemplate,
    },
  ];
}
