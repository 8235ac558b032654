import pino from 'pino';

export type Logger = pino.Logger;

export const createLogger = (level: string, name: string): Logger => pino({ name, level });
