import { classifyFailure, type BriefingTransport } from '../scheduler/transport.ts';
import type { Metrics } from './metrics.ts';

/**
 * The briefing transport with every send counted: posted, failed (Discord refused, or the
 * channel is closed to the bot) or uncertain (no clear answer: the scheduler checks the
 * channel and retries). Counting here, at the transport, sees every send whatever scheduled it.
 */
export function countingSends(transport: BriefingTransport, metrics: Pick<Metrics, 'briefingSend'>): BriefingTransport {
  return {
    isReady: () => transport.isReady(),
    ...(transport.findPosted ? { findPosted: transport.findPosted.bind(transport) } : {}),
    ...(transport.guildOf ? { guildOf: transport.guildOf.bind(transport) } : {}),
    async send(channelId, reply, options) {
      try {
        const posted = await transport.send(channelId, reply, options);
        metrics.briefingSend('posted');
        return posted;
      } catch (error) {
        metrics.briefingSend(classifyFailure(error) === 'retry' ? 'uncertain' : 'failed');
        throw error;
      }
    },
  };
}
