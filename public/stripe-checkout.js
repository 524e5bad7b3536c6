// Mounts Stripe's Payment Element on the checkout's payment step and, on submit, turns what
// the shopper typed into a PaymentMethod (in Stripe's iframe) and posts only its id to the
// shop. The server creates, confirms and captures the PaymentIntent.
(function () {
  var tries = 0;
  function start() {
    var form = document.querySelector('[data-testid="stripe-form"]');
    if (!form || form.dataset.mounted) return;
    if (typeof Stripe === 'undefined') {
      // Stripe.js may still be loading (the step can be reached without a page load).
      if (tries++ < 50) setTimeout(start, 200);
      return;
    }
    form.dataset.mounted = '1';
    var stripe = Stripe(form.dataset.stripeKey);
    var elements = stripe.elements({
      mode: 'payment',
      amount: Number(form.dataset.amount),
      currency: form.dataset.currency,
      paymentMethodCreation: 'manual',
      captureMethod: 'manual'
    });
    elements.create('payment').mount('#payment-element');
    var error = document.getElementById('payment-element-error');
    form.addEventListener('submit', async function (event) {
      if (form.elements.payment_method_id.value) return;
      event.preventDefault();
      error.textContent = '';
      var submitted = await elements.submit();
      if (submitted.error) { error.textContent = submitted.error.message; return; }
      var result = await stripe.createPaymentMethod({ elements: elements });
      if (result.error) { error.textContent = result.error.message; return; }
      form.elements.payment_method_id.value = result.paymentMethod.id;
      form.submit();
    });
  }
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
  window.addEventListener('load', start);
})();
