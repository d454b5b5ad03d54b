import { verificationWords, type RecordVerification } from '../../../src/dashboard-api/verification';

/** Whether the endpoint verified who a record names: in words (never colour alone), beside the name. */
export function IdentityMark({ verification }: { verification: RecordVerification }) {
  return (
    <span class={verification.verified ? 'identity' : 'identity problem'} data-testid="identity" data-verified={String(verification.verified)}>
      {verificationWords(verification)}
    </span>
  );
}
