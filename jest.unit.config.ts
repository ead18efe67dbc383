import { tier } from './jest.preset';
// Pure tests: no broker, no database.
export default tier('unit', 'spec');
