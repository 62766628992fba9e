#!/usr/bin/env bash
# langs.sh BUILD_DIR [OUT_DIR]: a breadth check of the text side in 36 languages. Four
# sentences each (a host's greeting, a topic, a question, a short answer), spoken by
# espeak-ng's female variant f2 at pitch 65 and 150 words a minute (not the aligner's
# voice, but espeak-ng's phonemes: the timing it gives is flattering, the check is of
# the language guess, the sentence ends and the synthesis of each script), 0.3-0.5 s
# between sentences, pink noise; Japanese is spoken from its kana, the transcript in
# kanji. `tsync align` with no option; prints the language it read, the exit status and
# the worst cue boundary against the clip's own sentence times.
set -uo pipefail
B=$(cd "${1:?build dir}" && pwd)
W=${2:-$(mktemp -d)}
mkdir -p "$W"

# speak NAME VOICE "TEXT[|SPOKEN]"...: NAME.wav, NAME.txt, NAME.truth (tests/lang_clip.sh)
. "$(dirname "$0")/../lang_clip.sh"
SPEAK_GAPS="0.35 0.5 0.3 0.45"
SPEAK_TEMPO=

one() {
	local name=$1 voice=$2 rc read worst
	shift 2
	speak "$name" "$voice+f2" "$@" 2>/dev/null
	"$B/tsync" align "$W/$name.wav" "$W/$name.txt" -o "$W/$name.json" --verbose -q \
		2>"$W/$name.err"
	rc=$?
	read=$(sed -n 's/.* cues in \([a-z-]*\),.*/\1/p' "$W/$name.err" | tail -1)
	worst=$(python3 - "$W/$name.json" "$W/$name.truth" <<'PY' 2>/dev/null
import json, sys
p = json.load(open(sys.argv[1]))
truth = [tuple(map(float, l.split())) for l in open(sys.argv[2])]
cues = [c for t in p["turns"] for c in t["cues"]]
# cues may split a sentence: compare the first cue of each sentence's start and the last
# one's end, cues taken in order by their text's share of the sentences
starts = [c["start"] for c in cues]
ends = [c["end"] for c in cues]
err = [min(abs(s - a) for s in starts) for a, _ in truth]
err += [min(abs(e - b) for e in ends) for _, b in truth]
print("%.0f" % (1000 * max(err)))
PY
)
	printf '%-4s read as %-4s exit %d  worst cue boundary %s ms\n' "$name" "${read:-?}" "$rc" \
		"${worst:--}"
}

one en en "Good evening and welcome to our programme." "Today we talk about the future of technology." "Do you think artificial intelligence will change our lives?" "Yes, I am quite sure of it."
one de de "Guten Abend und herzlich willkommen." "Heute sprechen wir über die Zukunft der Technik." "Glauben Sie, dass künstliche Intelligenz unser Leben verändern wird?" "Ja, davon bin ich überzeugt."
one fr fr "Bonsoir et bienvenue dans notre émission." "Aujourd'hui, nous allons parler de l'avenir de la technologie." "Pensez-vous que l'intelligence artificielle va changer nos vies?" "Oui, j'en suis certain."
one es es "Buenas noches y bienvenidos a nuestro programa." "Hoy vamos a hablar del futuro de la tecnología." "¿Cree usted que la inteligencia artificial cambiará nuestras vidas?" "Sí, estoy completamente seguro."
one pt pt "Boa noite e bem-vindos ao nosso programa." "Hoje vamos falar sobre o futuro da tecnologia." "Você acha que a inteligência artificial vai mudar a nossa vida?" "Sim, tenho certeza disso."
one it it "Buonasera e benvenuti al nostro programma." "Oggi parliamo del futuro della tecnologia." "Pensa che l'intelligenza artificiale cambierà la nostra vita?" "Sì, ne sono sicuro."
one ca ca "Bona nit i benvinguts al nostre programa." "Avui parlem del futur de la tecnologia." "Creu que la intel·ligència artificial canviarà les nostres vides?" "Sí, n'estic segur."
one nl nl "Goedenavond en welkom bij ons programma." "Vandaag praten we over de toekomst van de technologie." "Denkt u dat kunstmatige intelligentie ons leven zal veranderen?" "Ja, daar ben ik zeker van."
one sv sv "God kväll och välkomna till vårt program." "I dag ska vi prata om teknikens framtid." "Tror du att artificiell intelligens kommer att förändra våra liv?" "Ja, det är jag helt säker på."
one da da "God aften og velkommen til vores program." "I dag skal vi tale om teknologiens fremtid." "Tror du, at kunstig intelligens vil ændre vores liv?" "Ja, det er jeg helt sikker på."
one nb nb "God kveld og velkommen til programmet vårt." "I dag skal vi snakke om teknologiens framtid." "Tror du at kunstig intelligens vil forandre livene våre?" "Ja, det er jeg helt sikker på."
one fi fi "Hyvää iltaa ja tervetuloa ohjelmaamme." "Tänään puhumme teknologian tulevaisuudesta." "Uskotko, että tekoäly muuttaa elämäämme?" "Kyllä, olen siitä varma."
one pl pl "Dzień dobry i witamy w naszym programie." "Dzisiaj porozmawiamy o przyszłości technologii." "Czy sądzisz, że sztuczna inteligencja zmieni nasze życie?" "Tak, jestem tego pewien."
one cs cs "Dobrý večer a vítejte v našem pořadu." "Dnes budeme mluvit o budoucnosti technologií." "Myslíte si, že umělá inteligence změní náš život?" "Ano, jsem si tím jistý."
one sk sk "Dobrý večer a vitajte v našom programe." "Dnes sa budeme rozprávať o budúcnosti technológií." "Myslíte si, že umelá inteligencia zmení náš život?" "Áno, som si tým istý."
one hr hr "Dobra večer i dobrodošli u našu emisiju." "Danas ćemo razgovarati o budućnosti tehnologije." "Mislite li da će umjetna inteligencija promijeniti naše živote?" "Da, potpuno sam siguran u to."
one hu hu "Jó estét és üdvözöljük a műsorunkban." "Ma a technológia jövőjéről beszélgetünk." "Gondolja, hogy a mesterséges intelligencia megváltoztatja az életünket?" "Igen, ebben biztos vagyok."
one ro ro "Bună seara și bine ați venit la emisiunea noastră." "Astăzi vorbim despre viitorul tehnologiei." "Credeți că inteligența artificială ne va schimba viața?" "Da, sunt sigur de asta."
one tr tr "Merhaba ve programımıza hoş geldiniz." "Bugün teknolojinin geleceği hakkında konuşacağız." "Yapay zekanın hayatımızı değiştireceğini düşünüyor musunuz?" "Evet, kesinlikle öyle düşünüyorum."
one id id "Selamat malam dan selamat datang di acara kami." "Hari ini kita akan berbicara tentang masa depan teknologi." "Apakah Anda pikir kecerdasan buatan akan mengubah hidup kita?" "Ya, saya yakin sekali."
one vi vi "Xin chào và chào mừng các bạn đến với chương trình." "Hôm nay chúng ta sẽ nói về tương lai của công nghệ." "Bạn có nghĩ rằng trí tuệ nhân tạo sẽ thay đổi cuộc sống của chúng ta không?" "Vâng, tôi chắc chắn như vậy."
one sw sw "Habari za jioni na karibuni kwenye kipindi chetu." "Leo tutazungumza kuhusu mustakabali wa teknolojia." "Je, unadhani akili bandia itabadilisha maisha yetu?" "Ndiyo, nina uhakika kabisa."
one ru ru "Добрый вечер и добро пожаловать в нашу программу." "Сегодня мы поговорим о будущем технологий." "Как вы думаете, искусственный интеллект изменит нашу жизнь?" "Да, я в этом уверен."
one uk uk "Добрий вечір і ласкаво просимо до нашої програми." "Сьогодні ми поговоримо про майбутнє технологій." "Чи вважаєте ви, що штучний інтелект змінить наше життя?" "Так, я в цьому впевнений."
one el el "Καλησπέρα σας και καλώς ήρθατε στην εκπομπή." "Σήμερα θα μιλήσουμε για το μέλλον της τεχνολογίας." "Πιστεύετε ότι η τεχνητή νοημοσύνη θα αλλάξει τη ζωή μας;" "Ναι, είμαι σίγουρος γι' αυτό."
one ar ar "مرحبا بكم في برنامجنا اليوم." "سنتحدث عن مستقبل التكنولوجيا في بلادنا." "هل تعتقد أن الذكاء الاصطناعي سيغير حياتنا؟" "نعم، أعتقد ذلك بكل تأكيد."
one fa fa "سلام و خوش آمدید به برنامه امروز." "امروز درباره آینده فناوری صحبت می کنیم." "آیا فکر می کنید هوش مصنوعی زندگی ما را تغییر می دهد؟" "بله، حتما همینطور است."
one ur ur "آج کے پروگرام میں خوش آمدید۔" "ہم ٹیکنالوجی کے مستقبل کے بارے میں بات کریں گے۔" "کیا آپ کے خیال میں مصنوعی ذہانت ہماری زندگی بدل دے گی؟" "جی ہاں، بالکل۔"
one he he "שלום וברוכים הבאים לתוכנית שלנו." "היום נדבר על העתיד של הטכנולוגיה." "האם אתה חושב שבינה מלאכותית תשנה את חיינו?" "כן, אני בטוח בזה."
one hi hi "नमस्ते और हमारे कार्यक्रम में आपका स्वागत है।" "आज हम तकनीक के भविष्य के बारे में बात करेंगे।" "क्या आपको लगता है कि कृत्रिम बुद्धिमत्ता हमारा जीवन बदल देगी?" "हाँ, मुझे पूरा यकीन है।"
one bn bn "আমাদের অনুষ্ঠানে আপনাকে স্বাগতম।" "আজ আমরা প্রযুক্তির ভবিষ্যৎ নিয়ে কথা বলব।" "আপনি কি মনে করেন কৃত্রিম বুদ্ধিমত্তা আমাদের জীবন বদলে দেবে?" "হ্যাঁ, অবশ্যই।"
one ta ta "அனைவருக்கும் மாலை வணக்கம்." "இன்று நாம் தொழில்நுட்பத்தின் எதிர்காலம் பற்றி பேசுவோம்." "செயற்கை நுண்ணறிவு நம் வாழ்க்கையை மாற்றும் என்று நினைக்கிறீர்களா?" "ஆம், நிச்சயமாக."
one th th "สวัสดีครับ ยินดีต้อนรับสู่รายการของเรา" "วันนี้เราจะพูดถึงอนาคตของเทคโนโลยี" "คุณคิดว่าปัญญาประดิษฐ์จะเปลี่ยนชีวิตของเราไหม" "ใช่ครับ ผมคิดอย่างนั้น"
one ko ko "안녕하세요, 오늘 방송에 오신 것을 환영합니다." "오늘은 기술의 미래에 대해 이야기하겠습니다." "인공지능이 우리의 삶을 바꿀 것이라고 생각하십니까?" "네, 분명히 그렇습니다."
one ja ja "こんばんは、皆さん。|こんばんわ、みなさん。" "今日は新しい技術について話しましょう。|きょうはあたらしいぎじゅつについてはなしましょう。" "人工知能は私たちの生活を変えると思いますか。|じんこうちのうはわたしたちのせいかつをかえるとおもいますか。" "はい、きっと変えます。|はい、きっとかえます。"
one zh cmn-latn-pinyin "晚上好，欢迎收看我们的节目。" "今天我们来谈谈技术的未来。" "您认为人工智能会改变我们的生活吗？" "是的，我很确定。"
