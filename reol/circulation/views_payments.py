"""Online payments' own pages: the built-in test provider's payment page ("Testbetaling (kun
demo)") and the callback every provider posts to. Views only translate: payments.py checks
the signature and posts the payment."""

from uuid import UUID

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from reol.errors import DomainError

from . import payments, session
from .models import OnlinePayment


def test_payment_page(request: HttpRequest, payment_id: UUID) -> HttpResponse:
    """The test provider's page: clearly a demo, no card number asked, no money moved. Only
    there when the test provider is switched on (REOL_PAYMENT_PROVIDER=test), and only for
    the logged-in patron whose payment it is."""
    chosen, patron = payments.provider(), session.current_patron(request)
    if chosen is None or chosen.name != "test" or patron is None:
        raise Http404
    # Served by reol itself, the test page knows who is logged in: only the payer sees it.
    payment = get_object_or_404(OnlinePayment, pk=payment_id, provider="test", patron=patron)
    if request.method == "POST":
        try:
            done = payments.pay_test(payment.pk, paid=request.POST.get("choice") == "pay")
        except DomainError as refusal:
            messages.error(request, refusal.message())
        else:
            if done.status == OnlinePayment.Status.PAID:
                messages.success(request, _("Thank you: your payment of %(amount)s kr. is "
                                            "registered.") % {"amount": done.amount})
            else:
                messages.info(request, _("The payment was cancelled. Nothing was paid."))
        return redirect(payment.return_url or "my-charges")
    return render(request, "circulation/patron/test_payment.html", {
        "payment": payment, "label": payments.PROVIDERS["test"].label})


@csrf_exempt
@require_POST
def callback(request: HttpRequest, provider: str) -> HttpResponse:
    """A provider tells how a payment went, signed with HMAC-SHA256 in X-Reol-Signature."""
    try:
        payment = payments.receive(provider, request.body,
                                   request.headers.get(payments.SIGNATURE_HEADER, ""))
    except DomainError as refusal:
        status = 403 if refusal.code == "payment_signature" else 400
        return JsonResponse({"detail": refusal.message(), "code": refusal.code}, status=status)
    return JsonResponse({"payment": str(payment.pk), "status": payment.status})
