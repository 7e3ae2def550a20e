/** The verification through a real Airflow 3: its own suite (scripts/test.sh airflowverify). */
const base = require('./jest.config');

module.exports = { ...base, testMatch: ['**/*.airflow.ts'] };
