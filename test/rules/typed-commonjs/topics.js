// A topic table as CommonJS services keep it.
module.exports = {
  ORDER_PLACED: 'order.placed',
  SEND_INVOICE: 'invoice.send',
};
