import io, pytest
from pypdf import PdfReader
from tests.requests_app.factories import ServiceFactory

@pytest.mark.django_db
def test_pdf(client, settings):
    settings.MUNICIPALITY_NAME = {"bg": 'Община "Горна-Примерно"', "en": "X"}
    ServiceFactory(code="s1", documents_bg="\n".join(f"Документ {i}" for i in range(60)))
    r = client.get("/bg/services/s1/sheet.pdf")
    open("/tmp/cat/s2.pdf","wb").write(r.content)
    for p in PdfReader(io.BytesIO(r.content)).pages:
        print(p.extract_text()[-300:])
