"""Every string of the user interface, in Arabic and English, and nowhere else.

Widgets ask for text by key (`ui("search.placeholder", lang)`); content text comes from the
store. Strings with `{name}` fields are filled with `str.format`.
"""

from __future__ import annotations

from tui.model import Lang

_STRINGS: dict[str, tuple[str, str]] = {
    # key: (arabic, english)
    "app.title": ("متصفح الحلول", "Solutions browser"),
    "list.title": ("الإدارات", "Departments"),
    "list.empty": ("لا توجد إدارة مطابقة", "No matching department"),
    "list.count": ("{shown} من {total}", "{shown} of {total}"),
    "detail.speaker": ("المتحدث", "Speaker"),
    "detail.solutions": ("الحلول", "Solutions"),
    "detail.hidden": (
        "{n} من الحلول لا تطابق التصفية (اضغط o لإظهارها)",
        "{n} solutions do not match the filter (press o to show them)",
    ),
    "detail.source": ("المصدر", "Source"),
    "detail.untranslated": ("(غير مترجم)", "(not translated)"),
    "detail.suggested": ("{label}؟", "{label}?"),
    "sep.list": ("، ", ", "),
    "detail.empty": ("اختر إدارة من القائمة", "Choose a department from the list"),
    "filter.title": ("تصفية حسب الموضوع", "Filter by theme"),
    "filter.active": ("التصفية: {themes}", "Filter: {themes}"),
    "status.all": ("الإدارات: {d} · الحلول: {s}", "Departments: {d} · solutions: {s}"),
    "status.reading": (
        "جارٍ قراءة المتجر: {n} من {t} ملفًا؛ المعروض حتى الآن {d} إدارة",
        "Reading the store: {n} of {t} files; {d} departments shown so far",
    ),
    "status.shown": (
        "الإدارات: {d} من {dt} · الحلول: {s} من {st}",
        "Departments: {d} of {dt} · solutions: {s} of {st}",
    ),
    "search.placeholder": ("ابحث… (مثل: الاستثمار)", "Search… (e.g. investment)"),
    "search.results": (
        "المطابقات: {n} (منها {s} في الحلول)، في {d} من الإدارات",
        "Matches: {n} ({s} in solutions), in {d} departments",
    ),
    "search.more": (
        "ونتائج أخرى عددها {n}: أضف كلمة لتضييق البحث",
        "and {n} more: add a word to narrow the search",
    ),
    "search.none": ("لا نتائج لـ «{q}»", "No results for “{q}”"),
    "search.indexing": ("جارٍ الفهرسة… {n}٪", "Indexing… {n}%"),
    "search.reading": (
        "جارٍ قراءة المتجر؛ يبدأ البحث بعد قراءته",
        "Reading the store; the search runs once it is read",
    ),
    "search.stop_words": (
        "«{words}» كلمات شائعة لا يُبحث عنها؛ أضف كلمة تدل على ما تبحث عنه",
        "“{words}”: common words are not searched for; add a word that says what you look for",
    ),
    "search.active": ("البحث: «{q}»", "Search: “{q}”"),
    "search.field.name": ("الاسم", "name"),
    "search.field.headline": ("العنوان", "headline"),
    "search.field.speaker": ("المتحدث", "speaker"),
    "search.field.role": ("المنصب", "role"),
    "search.field.intro": ("المقدمة", "introduction"),
    "search.field.solution": ("الحل {n}", "solution {n}"),
    "matrix.title": ("خريطة المواضيع حسب الإدارة", "Themes by department"),
    "matrix.help": (
        "الأسهم للتنقل، Enter لفتح الإدارة مصفاة بالموضوع، Esc للرجوع",
        "Arrows to move, Enter opens the department filtered by the theme, Esc to go back",
    ),
    "matrix.total": ("المجموع", "Total"),
    "matrix.department": ("الإدارة", "Department"),
    "help.title": ("المفاتيح", "Keys"),
    "help.jump": ("القفز إلى الإدارات", "Jump to departments"),
    "help.close": ("Esc أو ? للإغلاق", "Esc or ? to close"),
    "copy.done": ("نُسخ إلى الحافظة: {what}", "Copied to the clipboard: {what}"),
    "copy.solution": ("الحل {n} من {dept}", "solution {n} of {dept}"),
    "copy.department": ("{dept}", "{dept}"),
    "copy.link": ("رابط المصدر {url}", "the source's link {url}"),
    "copy.citation": ("استشهاد بـ{what}", "a citation of {what}"),
    "copy.saved": (
        "لا تصل الطرفية إلى الحافظة؛ حُفظ النص في {path}",
        "This terminal gives no clipboard; the text was saved to {path}",
    ),
    "copy.maybe": (
        "نُسخ إلى الحافظة إن سمحت الطرفية بذلك: {what}؛ وحُفظ أيضًا في {path}",
        "Copied to the clipboard if this terminal allows it: {what}; also saved to {path}",
    ),
    "key.cite": ("نسخ استشهاد", "Copy a citation"),
    "key.cite-md": ("نسخ استشهاد بصيغة Markdown", "Copy a citation as Markdown"),
    "cite.quote": ("«{text}»", "“{text}”"),
    "cite.solution": (
        "{who}، {department}، الحل {n}. «{title}»، {source}",
        "{who}, {department}, solution {n}. “{title}”, {source}",
    ),
    "cite.department": (
        "{who}، {department}. «{title}»، {source}",
        "{who}, {department}. “{title}”, {source}",
    ),
    "pins.title": ("الحلول المثبتة", "Pinned solutions"),
    "pins.keys": (
        "Enter: فتح · e: ملاحظة · d: إزالة التثبيت · Esc: إغلاق",
        "Enter: open · e: note · d: unpin · Esc: close",
    ),
    "pins.note.placeholder": (
        "ملاحظة (Enter للحفظ، Esc للترك)",
        "A note (Enter keeps it, Esc leaves it)",
    ),
    "pins.not_saved": ("لم تُحفظ التثبيتات: {problem}", "The pins were not saved: {problem}"),
    "pin.added": ("ثُبّت {what} ({pins} لقائمة التثبيتات)", "Pinned {what} ({pins} lists the pins)"),
    "pin.removed": ("أُزيل تثبيت {what}", "Unpinned {what}"),
    "pin.no_solution": (
        "اختر حلاً أولاً ({next} أو {prev})",
        "Choose a solution first ({next} or {prev})",
    ),
    "detail.translation_note": ("ملاحظة على الترجمة:", "Translation note:"),
    "key.goto": ("الانتقال إلى إدارة", "Go to a department"),
    "goto.placeholder": (
        "إدارة: مفتاحها أو رقمها أو معرّفها أو بداية اسمها…",
        "A department: its key, number, id or the start of its name…",
    ),
    "key.pin": ("تثبيت الحل الحالي أو إزالته", "Pin or unpin the current solution"),
    "key.pins": ("الحلول المثبتة", "Pinned solutions"),
    "key.pins-back": ("إغلاق", "Close"),
    "key.pins-note": ("كتابة ملاحظة", "Write a note"),
    "key.pins-unpin": ("إزالة التثبيت", "Unpin"),
    "help.section.pins": ("الحلول المثبتة", "Pinned solutions"),
    "pins.empty": ("لا توجد حلول مثبتة بعد", "No pinned solutions yet"),
    "pins.heading": ("{department}، الحل {n}", "{department}, solution {n}"),
    "pins.note": ("ملاحظة", "Note"),
    "pins.status.moved": (
        "ثُبّت بوصفه الحل {was}، وهو الآن الحل {n}",
        "Pinned as solution {was}; it is now solution {n}",
    ),
    "pins.status.changed": (
        "تغيّر نص هذا الحل منذ تثبيته",
        "The text of this solution has changed since it was pinned",
    ),
    "pins.status.missing-solution": (
        "لم يعد الحل {was} موجوداً في هذه الإدارة؛ التثبيت محفوظ",
        "Solution {was} is no longer in this department; the pin is kept",
    ),
    "pins.status.missing-department": (
        "الإدارة «{department}» لم تعد في المحتوى؛ التثبيت محفوظ",
        "The department “{department}” is no longer in the content; the pin is kept",
    ),
    "quit.hint": ("اضغط q أو Ctrl+Q للخروج", "Press q or Ctrl+Q to quit"),
    "lang.switched": ("اللغة: العربية", "Language: English"),
    "reload.done": ("أُعيد تحميل المحتوى", "Content reloaded"),
    "reload.reading": (
        "المتجر قيد القراءة؛ يُقارَن بملفاته حين تكتمل",
        "The store is still being read; it is compared with its files once it is in",
    ),
    "reading.failed": (
        "في ملفات المتجر مشكلات؛ لم يُقرأ كاملًا",
        "The store's files have problems; it could not be read whole",
    ),
    "reload.failed": (
        "المحتوى المعدّل غير صالح؛ يُعرض آخر محتوى سليم",
        "The edited content is invalid; showing the last good store",
    ),
    "error.title": ("تعذر تحميل المحتوى", "The content could not be loaded"),
    "error.help": (
        "أصلح الملفات المذكورة ثم اضغط r لإعادة التحميل، أو q للخروج",
        "Fix the files named above, then press r to reload, or q to quit",
    ),
    "small.screen": ("النافذة صغيرة جداً", "The window is too small"),
    "notice.outer_passthrough": (
        "داخل tmux: تطبق {terminal} اتجاه النص بنفسها. لعرض المتصفح الخاص دعه يوقفه: "
        "tmux set -g allow-passthrough on",
        "Inside tmux: {terminal} applies its own text direction. For the browser's own "
        "rendering, let it switch that off: tmux set -g allow-passthrough on",
    ),
    "notice.outer_unknown": (
        "داخل tmux/screen: إن ظهر النص العربي معكوساً فالطرفية الخارجية تطبق اتجاه النص "
        "بنفسها: tmux set -g allow-passthrough on، أو أوقفه في إعداداتها، أو ‎? ثم b للمعايرة",
        "Inside tmux/screen: if Arabic reads reversed, the terminal around it applies its own "
        "text direction: tmux set -g allow-passthrough on, or turn it off in that terminal, "
        "or press ? then b to calibrate",
    ),
    "notice.outer_reorders": (
        "داخل tmux: تعيد {terminal} ترتيب النص ولا يمكن إيقاف ذلك؛ اضغط ‎? ثم b للمعايرة",
        "Inside tmux: {terminal} reorders text and cannot be told not to; press ? then b to "
        "calibrate",
    ),
    "notice.iterm2_setting": (
        "iTerm2: إن ظهر النص العربي معكوساً فأوقف Settings ← General ← Experimental ← "
        "«Enable support for right-to-left scripts»",
        "iTerm2: if Arabic reads reversed, turn off Settings → General → Experimental → "
        "“Enable support for right-to-left scripts”",
    ),
    "notice.user_file": (
        "في ملف الإعدادات: {problem}",
        "In a settings file: {problem}",
    ),
    "notice.no_arabic_linux": (
        "لا يمكن لوحدة تحكم لينكس عرض العربية؛ عُرض المحتوى بالإنجليزية",
        "The Linux console cannot show Arabic; showing English instead",
    ),
    "notice.no_arabic_locale": (
        "إعدادات اللغة ليست UTF-8؛ عُرض المحتوى بالإنجليزية",
        "The locale is not UTF-8, so Arabic cannot show; showing English instead",
    ),
    "calibrate.title": ("أي نموذج يُقرأ صحيحاً؟", "Which sample reads right?"),
    "calibrate.intro": (
        "الصحيح: يبدأ السطر من الحافة اليمنى، والحروف متصلة، و2025–2030 و15 تُقرأ من اليسار "
        "إلى اليمين، والقوسان يحيطان بالكلمات. الطرفية الآن في الحالة التي يحتاجها الوضع "
        "الحالي، فالنموذج الصحيح هو الوضع المناسب لها.",
        "Right means: the line starts at the right edge, the letters are joined, 2025–2030 "
        "and 15 read left to right, and the brackets face the words they enclose. The "
        "terminal is now set as the current mode needs, so the sample that reads right is "
        "the mode to use.",
    ),
    "calibrate.header": ("{n} · {mode}", "{n} · {mode}"),
    "calibrate.sample1": (
        "الخطة للفترة 2025–2030 (المرحلة الأولى) في مقاطعة توين كوانغ",
        "الخطة للفترة 2025–2030 (المرحلة الأولى) في مقاطعة توين كوانغ",
    ),
    "calibrate.sample2": (
        "زار الوفد مقاطعة Tuyen Quang يوم 15 سبتمبر",
        "زار الوفد مقاطعة Tuyen Quang يوم 15 سبتمبر",
    ),
    "calibrate.sample3": (
        "السياحة الخضراء والزراعة الذكية والتحول الرقمي",
        "السياحة الخضراء والزراعة الذكية والتحول الرقمي",
    ),
    "calibrate.status": (
        "الآن: {n} · {mode} — الطرفية: {terminal}",
        "Now: {n} · {mode} — terminal: {terminal}",
    ),
    "calibrate.keys": (
        "1 أو 2 أو 3 للتجربة، Enter للحفظ لهذه الطرفية، Esc للإلغاء",
        "1, 2 or 3 to try, Enter to keep it for this terminal, Esc to cancel",
    ),
    "calibrate.kept": (
        "حُفظ «{mode}» لـ {terminal} في {path}",
        "Kept “{mode}” for {terminal} in {path}",
    ),
    "calibrate.not_kept": ("تعذر الحفظ: {problem}", "Could not keep it: {problem}"),
    "terminal.unknown": ("طرفية غير معروفة", "unknown terminal"),
    "mode.app": ("المتصفح يرتب النص (app)", "the browser orders the text (app)"),
    "mode.terminal": ("الطرفية ترتب النص (terminal)", "the terminal orders the text (terminal)"),
    "mode.off": ("لا أحد يرتبه (off)", "nobody orders it (off)"),
    # bindings: descriptions shown in the footer and the help screen
    "key.quit": ("خروج", "Quit"),
    "key.help": ("مساعدة", "Help"),
    "key.search": ("بحث", "Search"),
    "key.themes": ("المواضيع", "Themes"),
    "key.clear": ("مسح التصفية", "Clear filter"),
    "key.only": ("المطابق فقط", "Only matching"),
    "key.matrix": ("الخريطة", "Matrix"),
    "key.lang": ("English", "العربية"),
    "key.copy": ("نسخ", "Copy"),
    "key.copy_link": ("نسخ رابط المصدر", "Copy the source's link"),
    "key.reload": ("إعادة تحميل", "Reload"),
    "key.back": ("رجوع", "Back"),
    "key.next": (
        "المطابقة التالية (دون بحث: الحل التالي)",
        "Next match (with no search: next solution)",
    ),
    "key.previous-match": (
        "المطابقة السابقة (دون بحث: الحل السابق)",
        "Previous match (with no search: previous solution)",
    ),
    "key.next-solution": ("الحل التالي", "Next solution"),
    "keys.pending": ("{keys}…", "{keys}…"),
    "keys.unknown": ("لا إدارة مفتاحها {keys}", "No department's key is {keys}"),
    "find.position": ("المطابقة {n} من {total}", "match {n} of {total}"),
    "find.none": (
        "لا مطابقات في نص هذه اللغة",
        "No matches in this language's text",
    ),
    "find.wrapped": ("عودة إلى أول مطابقة", "Back to the first match"),
    "find.wrapped_back": ("عودة إلى آخر مطابقة", "Back to the last match"),
    "key.prev": ("الحل السابق", "Previous solution"),
    "key.down": ("التالي", "Down"),
    "key.up": ("السابق", "Up"),
    "key.parallel": ("العربية والإنجليزية جنبًا إلى جنب", "Arabic and English side by side"),
    "parallel.one_language": ("في هذا المخزن لغة واحدة فقط", "This store has one language only"),
    "key.history_back": ("رجوع إلى المكان السابق", "Back to where you were"),
    "key.history_forward": ("تقدّم إلى المكان التالي", "Forward again"),
    "key.focus": ("تبديل اللوحة", "Switch pane"),
    "key.suspend": ("إيقاف مؤقت إلى الصدفة", "Suspend to the shell"),
    "key.calibrate": (
        "معايرة اتجاه النص لهذه الطرفية",
        "Calibrate text direction for this terminal",
    ),
    "key.try_app": ("تجربة 1", "Try 1"),
    "key.try_terminal": ("تجربة 2", "Try 2"),
    "key.try_off": ("تجربة 3", "Try 3"),
    "key.keep": ("حفظ", "Keep"),
    "key.palette": ("لوحة الأوامر", "Command palette"),
    "key.search-down": ("إلى النتائج", "To the results"),
    "key.theme-toggle": ("اختيار الموضوع أو إلغاؤه", "Pick or unpick the theme"),
    "key.help-back": ("إغلاق المساعدة", "Close help"),
    "key.matrix-back": ("رجوع", "Back"),
    "key.matrix-open": ("فتح الإدارة مصفاة بالموضوع", "Open the department filtered by the theme"),
    "key.calibration-back": ("رجوع دون حفظ", "Back without keeping"),
    "key.error-back": ("رجوع", "Back"),
    "help.section.search": ("في حقل البحث", "In the search field"),
    "help.section.themes": ("في لوحة المواضيع", "In the theme panel"),
    "help.section.matrix": ("في الخريطة", "In the matrix"),
    "help.keymap": (
        "لتغيير المفاتيح: {path}",
        "To change keys: {path}",
    ),
    "palette.placeholder": (
        "ابحث عن أمر أو إدارة أو موضوع…",
        "Search for a command, department or theme…",
    ),
    "palette.action": ("{label} ({keys})", "{label} ({keys})"),
    "palette.action.help": ("ما يفعله هذا المفتاح", "What this key does"),
    "palette.colours": ("ألوان الواجهة", "Interface colours"),
    "palette.colours.help": ("اختر مجموعة ألوان", "Pick a colour theme"),
    "palette.jump": ("اذهب إلى: {name}", "Go to: {name}"),
    "palette.theme": ("صفِّ حسب: {theme}", "Filter by: {theme}"),
    "palette.jump.help": ("افتح هذه الإدارة", "Open this department"),
    "palette.theme.help": ("أضف هذا الموضوع إلى التصفية", "Add this theme to the filter"),
}


def ui(key: str, lang: Lang, **fields: object) -> str:
    """The UI string `key` in `lang`, with `{fields}` filled in."""
    arabic, english = _STRINGS[key]
    text = arabic if lang == "ar" else english
    return text.format(**fields) if fields else text


def keys() -> list[str]:
    """All known UI string keys (tests check both languages are filled)."""
    return list(_STRINGS)
