import sys, json
from scribe.settings import Settings
from scribe.services import build_services
s = Settings(data_dir="/tmp/dev")
svc = build_services(s); chain = svc.qa_chain(offline=True)
items = {json.loads(l)['id']: json.loads(l) for l in open('eval/devset/qa_dev.jsonl')}
for q in sys.argv[1:]:
    if q in items: q = items[q]['question']
    a = chain.ask(q)
    print('Q:', q); print('A:', a.text[:400]); print('  retrieved:', [(r.file_name, r.section) for r in a.retrieved[:3]])
