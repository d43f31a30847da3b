// STS speaks the awsQuery protocol: a form-encoded `Action=GetCallerIdentity&Version=2011-06-15` POST, XML back.
import type { Scenario } from './scenario';
import { errorReply, requestId, type Reply } from './wireErrors';
import { xmlDocument } from './xml';

export function answerSts(operation: string, scenario: Scenario): Reply {
  if (operation !== 'GetCallerIdentity') {
    return errorReply('query', 'InvalidAction', 400, `Could not find operation ${operation} for version 2011-06-15`);
  }
  const id = requestId();
  return {
    status: 200,
    headers: { 'content-type': 'text/xml', 'x-amzn-requestid': id },
    body: xmlDocument('GetCallerIdentityResponse', 'https://sts.amazonaws.com/doc/2011-06-15/', {
      GetCallerIdentityResult: {
        Arn: scenario.callerArn ?? `arn:aws:iam::${scenario.account}:user/auditor`,
        UserId: 'AIDATRAILGUARDTESTUSER',
        Account: scenario.account,
      },
      ResponseMetadata: { RequestId: id },
    }),
  };
}
