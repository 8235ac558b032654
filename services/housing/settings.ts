import { ConfigError } from '../kit/config';
import { declareVariable } from '../kit/variables';
import { DEFAULT_FLOOR_COEFFICIENTS_TEXT, parseFloorCoefficients, type FloorCoefficients } from './rules/cost-shares';

/** Housing's local rules, parsed once at start-up and handed to resolvers as `ctx.settings`. */
export interface HousingSettings {
  /** Cost-sharing coefficient per floor of an added lift (加装电梯楼层系数), in thousandths. */
  floorCoefficients: FloorCoefficients;
}

/**
 * `HOUSING_FLOOR_COEFFICIENTS=1=0,2=0,3=0.7,4=0.8,5=0.9,6=1.0,7=1.1` (the default when unset): every floor from 1 up,
 * floors above the last listed take its coefficient. A bad value is a ConfigError naming the variable.
 */
export function parseHousingSettings(env: Readonly<NodeJS.ProcessEnv>): HousingSettings {
  declareVariable({ name: 'HOUSING_FLOOR_COEFFICIENTS', default: DEFAULT_FLOOR_COEFFICIENTS_TEXT, description: 'Elevator retrofit cost-sharing coefficient per floor (加装电梯楼层系数); floors above the last listed take its coefficient' });
  const text = env.HOUSING_FLOOR_COEFFICIENTS?.trim() || DEFAULT_FLOOR_COEFFICIENTS_TEXT;
  try {
    return { floorCoefficients: parseFloorCoefficients(text) };
  } catch (error) {
    throw new ConfigError(`HOUSING_FLOOR_COEFFICIENTS: ${(error as Error).message}`);
  }
}
