// Error responses in each protocol's real shape, as the SDK deserializers parse them: the S3 `<Error><Code>`
// document, the awsQuery `<ErrorResponse>` and the JSON 1.1 `__type` body.
import { escapeXml } from './xml';

/** `bytes`, when set, is sent instead of `body` (binary objects: gzip log files). */
export interface Reply { status: number; headers: Record<string, string>; body: string; bytes?: Buffer }
export type Protocol = 's3' | 'query' | 'json';

/** Code, HTTP status and message AWS uses for a scenario fault name, per protocol. */
export function faultError(protocol: Protocol, fault: string, service: string, operation: string, callerArn: string, resource?: string):
  { code: string; status: number; message: string } {
  switch (fault) {
    case 'AccessDenied':
      if (protocol === 's3') return { code: 'AccessDenied', status: 403, message: 'Access Denied' };
      return {
        code: protocol === 'json' ? 'AccessDeniedException' : 'AccessDenied',
        status: protocol === 'json' ? 400 : 403,
        message: `User: ${callerArn} is not authorized to perform: ${service}:${operation}${resource ? ` on resource: ${resource}` : ''} because no identity-based policy allows the ${service}:${operation} action`,
      };
    case 'Throttling':
      if (protocol === 's3') return { code: 'SlowDown', status: 503, message: 'Please reduce your request rate.' };
      return { code: protocol === 'json' ? 'ThrottlingException' : 'Throttling', status: 400, message: 'Rate exceeded' };
    case 'ExpiredToken':
      if (protocol === 's3') return { code: 'ExpiredToken', status: 400, message: 'The provided token has expired.' };
      return { code: protocol === 'json' ? 'ExpiredTokenException' : 'ExpiredToken', status: 400, message: 'The security token included in the request is expired' };
    default:
      return { code: fault, status: 400, message: fault };
  }
}

let requestCounter = 0;
export function requestId(): string {
  requestCounter += 1;
  return `TGREQ${String(requestCounter).padStart(10, '0')}`;
}

export function errorReply(protocol: Protocol, code: string, status: number, message: string, extra: Record<string, string> = {}): Reply {
  const id = requestId();
  if (protocol === 'json') {
    return {
      status,
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': id },
      body: JSON.stringify({ __type: code, message }),
    };
  }
  if (protocol === 'query') {
    const type = status >= 500 ? 'Receiver' : 'Sender';
    return {
      status,
      headers: { 'content-type': 'text/xml', 'x-amzn-requestid': id },
      body: `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>${type}</Type><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message></Error><RequestId>${id}</RequestId></ErrorResponse>`,
    };
  }
  const extras = Object.entries(extra).map(([k, v]) => `<${k}>${escapeXml(v)}</${k}>`).join('');
  return {
    status,
    headers: { 'content-type': 'application/xml', 'x-amz-request-id': id, 'x-amz-id-2': `host-${id}` },
    body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message>${extras}<RequestId>${id}</RequestId><HostId>host-${id}</HostId></Error>`,
  };
}
