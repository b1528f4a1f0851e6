// A producer hung on `exports`.
const { kafka } = require('./kafka');

exports.producer = kafka.producer();
