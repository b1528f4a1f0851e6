// The client as the whole module, with the topic it is used for hung on it.
const { Kafka } = require('kafkajs');

const kafka = new Kafka({ clientId: 'clickstream', brokers: ['kafka:9092'] });

module.exports = kafka;
module.exports.TOPIC_CLICKS = 'clicks.raw';
