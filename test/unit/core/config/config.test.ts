import { describe, expect, it } from 'vitest';
import { ConfigError, loadCoreConfig, radioConfigOf } from '../../../../src-main/core/config/config.js';

describe('core config', () => {
  it('has working defaults: simulated radio on 127.0.0.1, 21-day retention', () => {
    const c = loadCoreConfig({}, '/opt/kiosk');
    expect(c.host).toBe('127.0.0.1');
    expect(c.port).toBe(8787);
    expect(c.radio.mode).toBe('simulated');
    expect(c.clock).toBe('assume_synced');
    expect(c.dataDir).toBe('/opt/kiosk/data/kiosk');
    expect(c.retentionDays).toBe(21);
    expect(c.installUrl).toBe('https://www.bluezone.gov.vn');
    expect(c.serverUrl).toBeNull();
  });

  it('reads the environment and trusts the clock only via NTP on real hardware', () => {
    const c = loadCoreConfig(
      { BZ_RADIO: 'hci', BZ_SCANNER_HCI: '1', BZ_BEACON_HCI: '0', BZ_SERVER_URL: 'https://keys.example.vn/', BZ_CORE_PORT: '9000' },
      '/x',
    );
    expect(c.radio).toMatchObject({ mode: 'hci', scannerHciDevice: 1, beaconHciDevice: 0 });
    expect(c.clock).toBe('auto');
    expect(c.serverUrl).toBe('https://keys.example.vn');
    expect(c.port).toBe(9000);
  });

  it('lists every invalid variable with what to fix', () => {
    let error: unknown;
    try {
      loadCoreConfig({ BZ_RADIO: 'wifi', BZ_CORE_PORT: '70000', BZ_SERVER_URL: 'ftp://x', BZ_IBEACON_WAKEUP: 'maybe', BZ_ENROLLMENT_CODE: 'x' }, '/x');
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/BZ_RADIO="wifi": expected one of simulated, hci, replay/);
    expect(problems).toMatch(/BZ_CORE_PORT="70000": expected an integer from 0 to 65535/);
    expect(problems).toMatch(/BZ_SERVER_URL/);
    expect(problems).toMatch(/BZ_IBEACON_WAKEUP/);
    expect(problems).toMatch(/BZ_ENROLLMENT_CODE/);
  });

  it('requires a capture file for the replay radio', () => {
    expect(() => loadCoreConfig({ BZ_RADIO: 'replay' }, '/x')).toThrow(/BZ_REPLAY_FILE/);
  });

  it('reads an optional 4–8 digit staff PIN and never echoes a bad one', () => {
    expect(loadCoreConfig({}, '/x').staffPin).toBeNull();
    expect(loadCoreConfig({ BZ_STAFF_PIN: '' }, '/x').staffPin).toBeNull();
    expect(loadCoreConfig({ BZ_STAFF_PIN: '0042' }, '/x').staffPin).toBe('0042');
    expect(loadCoreConfig({ BZ_STAFF_PIN: '12345678' }, '/x').staffPin).toBe('12345678');
    for (const bad of ['123', '123456789', '12a4', ' 1234', '-1234', '12.5']) {
      let error: unknown;
      try {
        loadCoreConfig({ BZ_STAFF_PIN: bad }, '/x');
      } catch (err) {
        error = err;
      }
      expect(error, bad).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems.join('\n');
      expect(problems).toBe('BZ_STAFF_PIN: expected 4 to 8 digits');
    }
  });

  it('lists the radio and engine problems in the same error (BZ_GATT_CONCURRENCY=6)', () => {
    let error: unknown;
    try {
      loadCoreConfig({ BZ_GATT_CONCURRENCY: '6', BZ_CORE_PORT: '70000', BZ_TIME_ZONE: 'Mars/Olympus' }, '/x');
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).toMatch(/BZ_GATT_CONCURRENCY: gattConcurrency must be an integer in 1…4 \(got 6\)/);
    expect(problems.join('\n')).toMatch(/BZ_CORE_PORT="70000"/);
    expect(problems.join('\n')).toMatch(/BZ_TIME_ZONE="Mars\/Olympus": expected an IANA time zone/);
  });

  it('sets the simulated venue\'s advert and arrival intervals, in the radio\'s ranges', () => {
    const sim = radioConfigOf(loadCoreConfig({ BZ_SIM_ADVERT_INTERVAL_MS: '140', BZ_SIM_ARRIVAL_INTERVAL_MS: '50' }, '/x')).sim;
    expect(sim).toMatchObject({ advertIntervalMs: 140, arrivalIntervalMs: 50 });
    expect(radioConfigOf(loadCoreConfig({}, '/x')).sim).toMatchObject({ advertIntervalMs: 500, arrivalIntervalMs: 1500 });
    expect(() => loadCoreConfig({ BZ_SIM_ADVERT_INTERVAL_MS: '5' }, '/x')).toThrow(/BZ_SIM_ADVERT_INTERVAL_MS: sim\.advertIntervalMs must be an integer in 20…60000 \(got 5\)/);
    expect(() => loadCoreConfig({ BZ_SIM_ARRIVAL_INTERVAL_MS: 'soon' }, '/x')).toThrow(/BZ_SIM_ARRIVAL_INTERVAL_MS="soon"/);
  });

  it('counts days in Asia/Ho_Chi_Minh unless BZ_TIME_ZONE says otherwise', () => {
    expect(loadCoreConfig({}, '/x').timeZone).toBe('Asia/Ho_Chi_Minh');
    expect(loadCoreConfig({ BZ_TIME_ZONE: 'UTC' }, '/x').timeZone).toBe('UTC');
  });

  it('requires https for the key server, except to this machine', () => {
    expect(() => loadCoreConfig({ BZ_SERVER_URL: 'http://keys.example.vn' }, '/x')).toThrow(/BZ_SERVER_URL.*https/);
    expect(loadCoreConfig({ BZ_SERVER_URL: 'http://127.0.0.1:8788' }, '/x').serverUrl).toBe('http://127.0.0.1:8788');
    expect(loadCoreConfig({ BZ_SERVER_URL: 'http://localhost:8788/' }, '/x').serverUrl).toBe('http://localhost:8788');
    expect(loadCoreConfig({ BZ_SERVER_URL: 'https://keys.example.vn' }, '/x').serverUrl).toBe('https://keys.example.vn');
  });

  it('reads the calibration measuring time and the simulated staff phone, refusing bad values', () => {
    expect(loadCoreConfig({}, '/x')).toMatchObject({ calibrationSeconds: 60, radio: { simStaffPhone: 'none' } });
    expect(loadCoreConfig({ BZ_CALIBRATION_SECONDS: '15', BZ_SIM_STAFF_PHONE: 'follows' }, '/x')).toMatchObject({ calibrationSeconds: 15, radio: { simStaffPhone: 'follows' } });
    let error: unknown;
    try {
      loadCoreConfig({ BZ_CALIBRATION_SECONDS: '5', BZ_SIM_STAFF_PHONE: 'dances' }, '/x');
    } catch (err) {
      error = err;
    }
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/BZ_CALIBRATION_SECONDS="5": expected an integer from 10 to 300/);
    expect(problems).toMatch(/BZ_SIM_STAFF_PHONE="dances": expected one of none, follows, stays/);
  });
});
