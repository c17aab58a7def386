/**
 * Fingerprints (upgrade-builtins.ts sequenceFingerprint) of every built-in sequence definition an
 * earlier release installed, by key: an install whose latest version has one of these never had it
 * edited, so the upgrade publishes the current built-in over it. Append, never remove.
 *   - 2026-11 releases (fadecc4, addfe7d, 8f53bce): no locale `variants` on email and greetings
 *     steps (referral changed once: its ask moved to 30 days after a purchase);
 *   - 2026-12-01 (f56d1d4): `variants` for the seven seed catalogues.
 */
export const SHIPPED_SEQUENCE_FINGERPRINTS: Readonly<Record<string, readonly string[]>> = {
  nurture: [
    '32ed30dd39ecc1ed75800bd9a77e61fb1c9ed80dff593fd3ed17c8f4d23e16a2',
    '68774add482f3ab3ffaa78fabcbf70034d8eb18ffe540d885a810ad8acfb2756',
  ],
  'deferred-demand': [
    '2c705c829b87cba1bd385124cab46f90d153ec0f8771c00ae65731adc6c55a39',
    '2980329c6fc545705526a503d7bf0bd3af5f5632bc3a2c52bf7659529440e591',
  ],
  'cross-sell': [
    'ce8a0183b19ddf083ee1bbf78387b9ffa73a4d54949f6b2bab41d9b61d9e857d',
    '2e154aa2ec91b2ac916d5026479e63dbb2a8402f9408ea78b647d53eab7b1d13',
  ],
  referral: [
    '971caffeee73306d7e87c55a5b4db07eb2f02d6ecb53e285fb456f620a6e2923',
    '90739860d50b175bf157c1adcee5f9324032a08f5151127cb67b39b5db92ab17',
    '8265b0bc740f667f533f2736cb65960059c90f2b905ea7dc0e0ac56602f4b32f',
  ],
  'win-back': [
    'd35ae8b4402eaedc28c79133159fd04c2cbe0972d704bcd0d2385d26be05a32a',
    '4b3cae32c197d566bbc414fa223876e4716feb6fb902f96aeae5453ad151d65b',
  ],
  'sales-follow-up': [
    '1c3a213e518bc17c02558340521dc51384d0b0a313296cbee21159e324c74e18',
    'ec74f76295a50f99adf09cf38bc6ae3951aeaf02dd554cca4c748884b242c4b3',
  ],
};
