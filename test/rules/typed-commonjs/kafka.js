// Required by the CommonJS typed rule tests (which lint `file.js` here): a client only types can follow.
const { Kafka } = require('kafkajs');

const kafka = new Kafka({ clientId: 'legacy', brokers: ['kafka:9092'] });

module.exports = { kafka };
