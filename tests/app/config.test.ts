import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';

const TOKEN = 'MTA5ODc2NTQzMjEwOTg3NjU0Mw.GaBcDe.abcdefghijklmnopqrstuvwxyz0123456789ABCD';

describe('configuration', () => {
  it('runs in console mode with nothing configured, with sensible defaults', () => {
    const config = loadConfig({});
    expect(config.discord).toBeNull();
    expect(config.knowledgeDir).toMatch(/knowledge$/);
    expect(config.briefing).toEqual({ channelIds: [], time: '08:00', timezone: 'UTC' });
    expect(config.queryCooldownSeconds).toBe(5);
  });

  it('treats empty lines from .env as unset', () => {
    expect(loadConfig({ DISCORD_TOKEN: '', KNOWLEDGE_DIR: '', BRIEFING_TIMEZONE: '' }).discord).toBeNull();
  });

  it('reads Discord settings and lists', () => {
    const config = loadConfig({
      DISCORD_TOKEN: TOKEN,
      DISCORD_APPLICATION_ID: '109876543210987654',
      DISCORD_API_BASE_URL: 'http://127.0.0.1:5000/api',
      BRIEFING_CHANNEL_IDS: '109876543210987655, 109876543210987656',
      BRIEFING_TIMEZONE: 'America/Phoenix',
      KB_WATCH: 'true',
    });
    expect(config.discord).toMatchObject({ token: TOKEN, applicationId: '109876543210987654', apiBaseUrl: 'http://127.0.0.1:5000/api' });
    expect(config.briefing.channelIds).toEqual(['109876543210987655', '109876543210987656']);
    expect(config.kbWatch).toBe(true);
  });

  it('reports one clear line per problem and never the values', () => {
    let error: unknown;
    try {
      loadConfig({ DISCORD_TOKEN: 'short-secret', BRIEFING_TIME: '25:00', BRIEFING_TIMEZONE: 'Mars/Olympus', QUERY_COOLDOWN_SECONDS: 'soon' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const { problems, message } = error as ConfigError;
    expect(problems).toHaveLength(4);
    expect(message).toMatch(/DISCORD_TOKEN: looks too short/);
    expect(message).toMatch(/BRIEFING_TIME: must be HH:MM/);
    expect(message).toMatch(/BRIEFING_TIMEZONE: is not a time zone this system knows/);
    expect(message).toMatch(/QUERY_COOLDOWN_SECONDS/);
    expect(message).not.toContain('short-secret');
  });
});
