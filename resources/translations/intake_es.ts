<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es_ES">
<context>
    <name>BodyPicture</name>
    <message>
        <location filename="../../intake_app/gui/answers/joints.py" line="104"/>
        <source>Your right</source>
        <translation>Su derecha</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/answers/joints.py" line="105"/>
        <source>Your left</source>
        <translation>Su izquierda</translation>
    </message>
</context>
<context>
    <name>ComprehensionScreen</name>
    <message>
        <location filename="../../intake_app/gui/screens/consent.py" line="185"/>
        <source>Let&apos;s check a few things together</source>
        <translation>Revisemos algunas cosas juntos</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/consent.py" line="188"/>
        <source>You talked about this with the nurse. Please answer it again.</source>
        <translation>Habló de esto con la enfermera. Por favor, responda otra vez.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/consent.py" line="191"/>
        <source>Choose one answer for each question. If an answer is not right, we will show you the right one.</source>
        <translation>Elija una respuesta para cada pregunta. Si una respuesta no es correcta, le mostraremos la correcta.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/consent.py" line="211"/>
        <source>Check my answers</source>
        <translation>Revisar mis respuestas</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/consent.py" line="214"/>
        <source>Your answers are kept; you will see the right ones.</source>
        <translation>Sus respuestas se guardan; verá las respuestas correctas.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/consent.py" line="218"/>
        <source>Continue</source>
        <translation>Continuar</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/consent.py" line="218"/>
        <source>Go on to your decision.</source>
        <translation>Pase a su decisión.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/consent.py" line="269"/>
        <source>Please answer every question.</source>
        <translation>Responda todas las preguntas.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/consent.py" line="290"/>
        <source>Right.</source>
        <translation>Correcto.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/consent.py" line="295"/>
        <source>Not quite. {explanation} (See: {section}.) The nurse will go over this with you.</source>
        <translation>No exactamente. {explanation} (Vea: {section}.) La enfermera lo revisará con usted.</translation>
    </message>
</context>
<context>
    <name>ConsentSectionScreen</name>
    <message>
        <location filename="../../intake_app/gui/screens/consent.py" line="67"/>
        <source>The nurse will talk with you about this part before anything is done.</source>
        <translation>La enfermera hablará con usted sobre esta parte antes de hacer cualquier cosa.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/consent.py" line="86"/>
        <source>Consent, part {step} of {steps}</source>
        <translation>Consentimiento, parte {step} de {steps}</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/consent.py" line="100"/>
        <source>Back</source>
        <translation>Atrás</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/consent.py" line="100"/>
        <source>Go to the part before this one.</source>
        <translation>Vaya a la parte anterior.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/consent.py" line="106"/>
        <source>Read aloud</source>
        <translation>Leer en voz alta</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/consent.py" line="106"/>
        <source>The tablet reads this part to you.</source>
        <translation>La tableta le lee esta parte en voz alta.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/consent.py" line="110"/>
        <source>I have a question for the nurse</source>
        <translation>Tengo una pregunta para la enfermera</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/consent.py" line="112"/>
        <source>A nurse will talk with you about this part before you decide.</source>
        <translation>Una enfermera hablará con usted sobre esta parte antes de que decida.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/consent.py" line="117"/>
        <location filename="../../intake_app/gui/screens/consent.py" line="118"/>
        <location filename="../../intake_app/gui/screens/consent.py" line="142"/>
        <source>I understand</source>
        <translation>Entiendo</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/consent.py" line="118"/>
        <location filename="../../intake_app/gui/screens/consent.py" line="142"/>
        <source>Read more</source>
        <translation>Leer más</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/consent.py" line="146"/>
        <source>You have read this part. Go on to the next one.</source>
        <translation>Ya leyó esta parte. Pase a la siguiente.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/consent.py" line="148"/>
        <source>Please read to the end first. This shows the next lines.</source>
        <translation>Primero lea hasta el final. Esto muestra las líneas siguientes.</translation>
    </message>
</context>
<context>
    <name>DateAnswer</name>
    <message>
        <location filename="../../intake_app/gui/answers/dates.py" line="36"/>
        <source>Month</source>
        <translation>Mes</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/answers/dates.py" line="37"/>
        <source>Day</source>
        <translation>Día</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/answers/dates.py" line="39"/>
        <source>Year</source>
        <translation>Año</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/answers/dates.py" line="103"/>
        <source>month</source>
        <translation>mes</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/answers/dates.py" line="104"/>
        <source>day</source>
        <translation>día</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/answers/dates.py" line="105"/>
        <source>year</source>
        <translation>año</translation>
    </message>
</context>
<context>
    <name>DecisionScreen</name>
    <message>
        <location filename="../../intake_app/gui/screens/decision.py" line="23"/>
        <source>Your decision</source>
        <translation>Su decisión</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/decision.py" line="25"/>
        <source>Both choices are fine. Saying no will not change the rest of your care here.</source>
        <translation>Las dos opciones están bien. Decir que no, no cambia el resto de su atención aquí.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/decision.py" line="34"/>
        <source>I need more time to decide</source>
        <translation>Necesito más tiempo para decidir</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/decision.py" line="36"/>
        <source>Then you sign.</source>
        <translation>Después usted firma.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/decision.py" line="37"/>
        <source>Then you sign that you said no.</source>
        <translation>Después usted firma que dijo que no.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/decision.py" line="39"/>
        <source>Nothing is signed. A nurse will talk with you.</source>
        <translation>No se firma nada. Una enfermera hablará con usted.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/decision.py" line="44"/>
        <source>Read the consent again</source>
        <translation>Leer el consentimiento otra vez</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/decision.py" line="46"/>
        <source>Start again at the first part. What you did is kept.</source>
        <translation>Empiece otra vez en la primera parte. Lo que ya hizo se guarda.</translation>
    </message>
</context>
<context>
    <name>DocumentFlow</name>
    <message>
        <location filename="../../intake_app/gui/document_flow.py" line="111"/>
        <source>For staff: {n} chart documents could not be made. Run: intake-app documents make-missing</source>
        <translation>Para el personal: no se pudieron crear {n} documentos del expediente. Ejecute: intake-app documents make-missing</translation>
    </message>
</context>
<context>
    <name>FirstRun</name>
    <message>
        <location filename="../../intake_app/gui/first_run.py" line="74"/>
        <source>The clinic&apos;s name could not be written to {path} ({reason}). Nothing was saved: fix the file or its folder, then tap Set up again.</source>
        <translation>No se pudo escribir el nombre de la clínica en {path} ({reason}). No se guardó nada: corrija el archivo o su carpeta y toque Configurar otra vez.</translation>
    </message>
</context>
<context>
    <name>GroupAnswer</name>
    <message>
        <location filename="../../intake_app/gui/answers/group.py" line="71"/>
        <source>Add another</source>
        <translation>Agregar otro</translation>
    </message>
</context>
<context>
    <name>HoldScreen</name>
    <message>
        <location filename="../../intake_app/gui/screens/hold.py" line="91"/>
        <source>Staff</source>
        <translation>Personal</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/hold.py" line="93"/>
        <source>Staff sign-in</source>
        <translation>Entrada del personal</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/hold.py" line="94"/>
        <source>For staff: unlock with your user name and PIN.</source>
        <translation>Para el personal: desbloquee con su nombre de usuario y su PIN.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/hold.py" line="140"/>
        <source>Signed in: {name}. Your name goes in the record with your choice.</source>
        <translation>Sesión iniciada: {name}. Su nombre queda en el registro con lo que elija.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/hold.py" line="115"/>
        <source>For staff</source>
        <translation>Para el personal</translation>
    </message>
</context>
<context>
    <name>Holds</name>
    <message>
        <location filename="../../intake_app/gui/holds.py" line="67"/>
        <source>Go back and type my name again</source>
        <translation>Volver y escribir mi nombre otra vez</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/holds.py" line="99"/>
        <source>Your answers are saved.</source>
        <translation>Sus respuestas están guardadas.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/holds.py" line="101"/>
        <source>Please give the tablet to the front desk</source>
        <translation>Por favor, entregue la tableta a la recepción</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/holds.py" line="102"/>
        <source>Thank you for telling us. Staff will check your name and date of birth with you.</source>
        <translation>Gracias por decírnoslo. El personal revisará con usted su nombre y su fecha de nacimiento.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/holds.py" line="105"/>
        <source>Before you read the consent</source>
        <translation>Antes de leer el consentimiento</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/holds.py" line="106"/>
        <source>We want you to read the consent form in the language you understand best, with an interpreter if you want one. Please give the tablet to the front desk.</source>
        <translation>Queremos que lea el formulario de consentimiento en el idioma que mejor entiende, con un intérprete si lo desea. Por favor, entregue la tableta a la recepción.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/holds.py" line="111"/>
        <source>Please talk with the nurse before you decide</source>
        <translation>Por favor, hable con la enfermera antes de decidir</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/holds.py" line="112"/>
        <source>Some of your answers need a nurse or a doctor to look at them first. Please ask the front desk for the nurse.</source>
        <translation>Una enfermera o un médico tiene que revisar primero algunas de sus respuestas. Por favor, pida a la recepción que venga la enfermera.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/holds.py" line="116"/>
        <source>Please give the tablet to the staff member who saw you sign</source>
        <translation>Entregue la tableta a la persona del personal que le vio firmar</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/holds.py" line="117"/>
        <source>They sign as your witness, with their own name.</source>
        <translation>Esa persona firma como su testigo, con su propio nombre.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/holds.py" line="121"/>
        <source>You typed: {typed}. We have: {registered}. Please go back and type your full name as we have it, or ask staff to accept the name you typed.</source>
        <translation>Usted escribió: {typed}. Nosotros tenemos: {registered}. Por favor, vuelva y escriba su nombre completo como lo tenemos, o pida al personal que acepte el nombre que escribió.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/holds.py" line="125"/>
        <source>Is this the name we have for you?</source>
        <translation>¿Es este el nombre que tenemos de usted?</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/holds.py" line="126"/>
        <source>Please talk with the nurse</source>
        <translation>Por favor, hable con la enfermera</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/holds.py" line="127"/>
        <source>Before you decide, a nurse will talk with you about these parts. Please ask the front desk for the nurse.</source>
        <translation>Antes de decidir, una enfermera hablará con usted sobre estas partes. Pida a la recepción que venga la enfermera.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/holds.py" line="134"/>
        <source>End the visit for now</source>
        <translation>Terminar la visita por ahora</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/holds.py" line="135"/>
        <source>Nothing is signed. The nurse is told where the visit stopped.</source>
        <translation>No se firma nada. Se avisa a la enfermera dónde se detuvo la visita.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/holds.py" line="139"/>
        <source>Save the corrected details</source>
        <translation>Guardar los datos corregidos</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/holds.py" line="140"/>
        <source>The details were right: hand the tablet back</source>
        <translation>Los datos estaban bien: devolver la tableta</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/holds.py" line="141"/>
        <source>End this visit</source>
        <translation>Terminar esta visita</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/holds.py" line="144"/>
        <source>Accept the name the patient typed</source>
        <translation>Aceptar el nombre que escribió el paciente</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/holds.py" line="146"/>
        <source>Sign as witness</source>
        <translation>Firmar como testigo</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/holds.py" line="148"/>
        <source>Continue to the consent</source>
        <translation>Seguir al consentimiento</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/holds.py" line="150"/>
        <source>Continue to the decision (a clinician decides before any injection)</source>
        <translation>Seguir a la decisión (un clínico decide antes de cualquier inyección)</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/holds.py" line="152"/>
        <source>We have talked: go on</source>
        <translation>Ya hablamos: seguir</translation>
    </message>
</context>
<context>
    <name>IdentityCheckScreen</name>
    <message>
        <location filename="../../intake_app/gui/screens/identity.py" line="41"/>
        <source>Is this you?</source>
        <translation>¿Es usted?</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/identity.py" line="43"/>
        <source>Your name</source>
        <translation>Su nombre</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/identity.py" line="46"/>
        <source>Date of birth: {date}</source>
        <translation>Fecha de nacimiento: {date}</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/identity.py" line="50"/>
        <source>If this is you, tap Begin to answer some questions about your health and your joint pain. It takes about 15 minutes. Your answers are saved as you go. You can make the text bigger, change the colours or the language at the top.</source>
        <translation>Si es usted, toque Empezar para responder algunas preguntas sobre su salud y su dolor en las articulaciones. Toma unos 15 minutos. Sus respuestas se guardan a medida que avanza. Arriba puede agrandar el texto, cambiar los colores o el idioma.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/identity.py" line="56"/>
        <source>The questions cannot start yet. Please ask the front desk.</source>
        <translation>Las preguntas todavía no pueden empezar. Por favor, pregunte a la recepción.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/identity.py" line="64"/>
        <source>Yes, this is me. Begin</source>
        <translation>Sí, soy yo. Empezar</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/identity.py" line="67"/>
        <source>Start the questions.</source>
        <translation>Empezar las preguntas.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/identity.py" line="73"/>
        <source>No, something is wrong</source>
        <translation>No, algo está mal</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/identity.py" line="75"/>
        <source>The front desk will check your name and date of birth.</source>
        <translation>En la recepción revisarán su nombre y su fecha de nacimiento.</translation>
    </message>
</context>
<context>
    <name>IdentityCorrection</name>
    <message>
        <location filename="../../intake_app/gui/screens/identity.py" line="102"/>
        <location filename="../../intake_app/gui/screens/identity.py" line="109"/>
        <source>First name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/identity.py" line="103"/>
        <location filename="../../intake_app/gui/screens/identity.py" line="110"/>
        <source>Last name</source>
        <translation>Apellido</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/identity.py" line="106"/>
        <location filename="../../intake_app/gui/screens/identity.py" line="111"/>
        <source>Date of birth</source>
        <translation>Fecha de nacimiento</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/identity.py" line="106"/>
        <location filename="../../intake_app/gui/screens/identity.py" line="119"/>
        <source>Required</source>
        <translation>Obligatorio</translation>
    </message>
</context>
<context>
    <name>IdlePrompt</name>
    <message>
        <location filename="../../intake_app/gui/idle.py" line="87"/>
        <source>Are you still there?</source>
        <translation>¿Sigue ahí?</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/idle.py" line="88"/>
        <source>Yes, I am here</source>
        <translation>Sí, aquí estoy</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/idle.py" line="90"/>
        <source>Keep going where you were.</source>
        <translation>Seguir donde estaba.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/idle.py" line="91"/>
        <source>To keep your answers private, this screen will lock in {n} seconds.</source>
        <translation>Para proteger sus respuestas, esta pantalla se bloqueará en {n} segundos.</translation>
    </message>
</context>
<context>
    <name>ItemView</name>
    <message>
        <location filename="../../intake_app/gui/answers/base.py" line="106"/>
        <source>Required</source>
        <translation>Obligatoria</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/answers/base.py" line="112"/>
        <location filename="../../intake_app/gui/answers/base.py" line="117"/>
        <source>Optional</source>
        <translation>Opcional</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/answers/base.py" line="141"/>
        <source>Saved.</source>
        <translation>Guardada.</translation>
    </message>
</context>
<context>
    <name>JointAnswer</name>
    <message>
        <location filename="../../intake_app/gui/answers/joints.py" line="132"/>
        <source>Body picture: tap the joints that hurt</source>
        <translation>Dibujo del cuerpo: toque las articulaciones que le duelen</translation>
    </message>
</context>
<context>
    <name>KioskController</name>
    <message>
        <location filename="../../intake_app/gui/kiosk.py" line="152"/>
        <source>For staff: enter the clinic&apos;s details in {path} and restart the app.</source>
        <translation>Para el personal: escriba los datos de la clínica en {path} y vuelva a abrir la aplicación.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/kiosk.py" line="162"/>
        <source>For staff: nobody can unlock this tablet yet. Give a person with the nurse, clinician or records role a PIN: intake-app users set-pin USER</source>
        <translation>Para el personal: todavía nadie puede desbloquear esta tableta. Dé un PIN a una persona con el rol nurse, clinician o records: intake-app users set-pin USER</translation>
    </message>
</context>
<context>
    <name>LockedScreen</name>
    <message>
        <location filename="../../intake_app/gui/screens/locked.py" line="28"/>
        <source>Clinic name not set</source>
        <translation>Falta el nombre de la clínica</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/locked.py" line="30"/>
        <source>Clinic name</source>
        <translation>Nombre de la clínica</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/locked.py" line="32"/>
        <source>Welcome. Please ask the front desk to start your health questions.</source>
        <translation>Le damos la bienvenida. Pida a la recepción que empiecen sus preguntas de salud.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/locked.py" line="43"/>
        <source>Staff</source>
        <translation>Personal</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/locked.py" line="45"/>
        <source>Staff sign-in</source>
        <translation>Entrada del personal</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/locked.py" line="46"/>
        <source>For staff: unlock with your user name and PIN.</source>
        <translation>Para el personal: desbloquee con su nombre de usuario y su PIN.</translation>
    </message>
</context>
<context>
    <name>NotSavedNotice</name>
    <message>
        <location filename="../../intake_app/gui/not_saved.py" line="67"/>
        <source>Not saved yet</source>
        <translation>Todavía no está guardado</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/not_saved.py" line="70"/>
        <source>The tablet lost its connection to the clinic&apos;s computer, so what you just did is not saved yet. It stays on the screen and is saved as soon as the connection is back. Everything before it is safe. If this does not go away in a minute, please ask a member of staff.</source>
        <translation>La tableta perdió la conexión con la computadora de la clínica, así que lo que acaba de hacer todavía no está guardado. Se queda en la pantalla y se guarda en cuanto vuelva la conexión. Todo lo anterior está a salvo. Si este aviso no desaparece en un minuto, pida ayuda a un miembro del personal.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/not_saved.py" line="76"/>
        <source>Try again now</source>
        <translation>Intentar de nuevo ahora</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/not_saved.py" line="78"/>
        <source>The tablet also tries by itself.</source>
        <translation>La tableta también lo intenta sola.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/not_saved.py" line="82"/>
        <source>Still not connected. The tablet keeps trying.</source>
        <translation>Todavía sin conexión. La tableta sigue intentándolo.</translation>
    </message>
</context>
<context>
    <name>PatientBar</name>
    <message>
        <location filename="../../intake_app/gui/screens/patient_bar.py" line="103"/>
        <source>Smaller text</source>
        <translation>Letra más pequeña</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/patient_bar.py" line="104"/>
        <source>Larger text</source>
        <translation>Letra más grande</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/patient_bar.py" line="105"/>
        <source>The text is now {percent}%.</source>
        <translation>El texto está ahora al {percent} %.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/patient_bar.py" line="108"/>
        <location filename="../../intake_app/gui/screens/patient_bar.py" line="109"/>
        <source>High contrast</source>
        <translation>Alto contraste</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/patient_bar.py" line="110"/>
        <source>White text on black, for easier reading</source>
        <translation>Letra blanca sobre negro, más fácil de leer</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/patient_bar.py" line="111"/>
        <source>Pause</source>
        <translation>Pausa</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/patient_bar.py" line="112"/>
        <source>Pause and hide my answers</source>
        <translation>Pausar y ocultar mis respuestas</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/patient_bar.py" line="114"/>
        <source>Your answers are saved. You go on with your date of birth.</source>
        <translation>Sus respuestas están guardadas. Siga con su fecha de nacimiento.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/patient_bar.py" line="116"/>
        <source>Text size</source>
        <translation>Tamaño de la letra</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/patient_bar.py" line="122"/>
        <source>Show everything in the other language. Your answers are kept.</source>
        <translation>Mostrar todo en el otro idioma. Sus respuestas se guardan.</translation>
    </message>
</context>
<context>
    <name>PatientMatches</name>
    <message>
        <location filename="../../intake_app/gui/screens/patient_search.py" line="29"/>
        <source>Patients on file</source>
        <translation>Pacientes registrados</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/patient_search.py" line="52"/>
        <source>born {date}</source>
        <translation>nacido/a el {date}</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/patient_search.py" line="55"/>
        <source>MRN {mrn}</source>
        <translation>Expediente {mrn}</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/patient_search.py" line="57"/>
        <source>{n} unfinished</source>
        <translation>{n} sin terminar</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/patient_search.py" line="61"/>
        <source>Use</source>
        <translation>Usar</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/patient_search.py" line="63"/>
        <source>Use {name}</source>
        <translation>Usar {name}</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/patient_search.py" line="70"/>
        <source>Withdraw consent</source>
        <translation>Retirar el consentimiento</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/patient_search.py" line="72"/>
        <source>Withdraw consent: {name}</source>
        <translation>Retirar el consentimiento: {name}</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/patient_search.py" line="73"/>
        <source>The patient reads and signs a withdrawal on the tablet.</source>
        <translation>El paciente lee y firma el retiro en la tableta.</translation>
    </message>
</context>
<context>
    <name>PausedScreen</name>
    <message>
        <location filename="../../intake_app/gui/screens/paused.py" line="35"/>
        <source>Your answers are saved.</source>
        <translation>Sus respuestas están guardadas.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/paused.py" line="41"/>
        <source>For your safety, only staff can unlock this now. Please ask the front desk.</source>
        <translation>Por su seguridad, solo el personal puede desbloquear esto ahora. Por favor, pregunte a la recepción.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/paused.py" line="56"/>
        <source>For staff: unlock with your user name and PIN.</source>
        <translation>Para el personal: desbloquee con su nombre de usuario y su PIN.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/paused.py" line="71"/>
        <source>To go on, please enter your date of birth.</source>
        <translation>Para seguir, escriba su fecha de nacimiento.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/paused.py" line="75"/>
        <source>Your date of birth</source>
        <translation>Su fecha de nacimiento</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/paused.py" line="75"/>
        <source>Required</source>
        <translation>Obligatoria</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/paused.py" line="79"/>
        <source>Continue</source>
        <translation>Continuar</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/paused.py" line="82"/>
        <source>Go on where you were, after your date of birth is checked.</source>
        <translation>Seguir donde estaba, después de revisar su fecha de nacimiento.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/paused.py" line="100"/>
        <source>That date does not match. Please try again, or ask the front desk.</source>
        <translation>Esa fecha no coincide. Vuelva a intentarlo o pregunte a la recepción.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/paused.py" line="104"/>
        <source>Something went wrong on the tablet. Your answers are saved. Enter your date of birth to go on, or ask the front desk.</source>
        <translation>Algo salió mal en la tableta. Sus respuestas están guardadas. Escriba su fecha de nacimiento para seguir, o pregunte a la recepción.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/paused.py" line="110"/>
        <source>The tablet lost its connection to the clinic&apos;s computer. Your answers so far are saved; the last step was not. When the connection is back, enter your date of birth to go on, or ask the front desk.</source>
        <translation>La tableta perdió la conexión con la computadora de la clínica. Sus respuestas hasta ahora están guardadas; el último paso no. Cuando vuelva la conexión, escriba su fecha de nacimiento para seguir, o pregunte a la recepción.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/paused.py" line="53"/>
        <source>Staff</source>
        <translation>Personal</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/paused.py" line="55"/>
        <source>Staff sign-in</source>
        <translation>Entrada del personal</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/paused.py" line="97"/>
        <source>Please choose your date of birth.</source>
        <translation>Elija su fecha de nacimiento.</translation>
    </message>
</context>
<context>
    <name>PinPad</name>
    <message>
        <location filename="../../intake_app/gui/screens/pin_pad.py" line="82"/>
        <location filename="../../intake_app/gui/screens/pin_pad.py" line="87"/>
        <source>User name</source>
        <translation>Usuario</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/pin_pad.py" line="88"/>
        <source>Your own user name.</source>
        <translation>Su propio nombre de usuario.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/pin_pad.py" line="98"/>
        <location filename="../../intake_app/gui/screens/pin_pad.py" line="104"/>
        <source>Your PIN</source>
        <translation>Su PIN</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/pin_pad.py" line="105"/>
        <source>Digits only. Kept secret.</source>
        <translation>Solo números. Se mantiene en secreto.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/pin_pad.py" line="118"/>
        <source>PIN digit</source>
        <translation>Número del PIN</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/pin_pad.py" line="122"/>
        <source>Delete</source>
        <translation>Borrar</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/pin_pad.py" line="122"/>
        <source>Remove the last digit.</source>
        <translation>Borrar el último número.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/pin_pad.py" line="126"/>
        <source>OK</source>
        <translation>Aceptar</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/pin_pad.py" line="129"/>
        <source>Unlock with this user name and PIN.</source>
        <translation>Desbloquear con este nombre de usuario y este PIN.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/pin_pad.py" line="143"/>
        <source>The user name or the PIN is wrong.</source>
        <translation>El nombre de usuario o el PIN no es correcto.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/pin_pad.py" line="147"/>
        <source>Too many wrong tries: this account is locked until {time}. An administrator can unlock it sooner.</source>
        <translation>Demasiados intentos incorrectos: cuenta bloqueada hasta {time}. Un administrador puede desbloquearla antes.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/pin_pad.py" line="152"/>
        <source>This account is deactivated: an administrator can reactivate it.</source>
        <translation>Esta cuenta está desactivada: un administrador puede reactivarla.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/pin_pad.py" line="155"/>
        <source>Type your user name, then your PIN.</source>
        <translation>Escriba su nombre de usuario y luego su PIN.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/pin_pad.py" line="158"/>
        <source>Enter your PIN on the keys.</source>
        <translation>Marque su PIN en las teclas.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/pin_pad.py" line="163"/>
        <source>Only a nurse, a clinician or records staff can unlock this.</source>
        <translation>Solo el personal de enfermería, el clínico o el de expedientes puede desbloquear esto.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/pin_pad.py" line="166"/>
        <source>Only a nurse or a clinician can let the patient go on.</source>
        <translation>Solo el personal de enfermería o el clínico puede dejar que el paciente continúe.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/pin_pad.py" line="109"/>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/pin_pad.py" line="109"/>
        <source>Close the keypad.</source>
        <translation>Cerrar el teclado.</translation>
    </message>
</context>
<context>
    <name>PrintPage</name>
    <message>
        <location filename="../../intake_app/gui/screens/print_page.py" line="37"/>
        <source>Print your copy</source>
        <translation>Imprimir su copia</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/print_page.py" line="76"/>
        <source>Printer</source>
        <translation>Impresora</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/print_page.py" line="83"/>
        <source>Print on this printer.</source>
        <translation>Imprimir en esta impresora.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/print_page.py" line="65"/>
        <source>Number of copies</source>
        <translation>Número de copias</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/print_page.py" line="97"/>
        <source>Fewer copies</source>
        <translation>Menos copias</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/print_page.py" line="98"/>
        <source>One copy less. At least 1.</source>
        <translation>Una copia menos. Como mínimo, 1.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/print_page.py" line="103"/>
        <source>More copies</source>
        <translation>Más copias</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/print_page.py" line="104"/>
        <source>One copy more. At most {n}.</source>
        <translation>Una copia más. Como máximo, {n}.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/print_page.py" line="124"/>
        <source>Back</source>
        <translation>Atrás</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/print_page.py" line="124"/>
        <source>Back to the previous screen.</source>
        <translation>Volver a la pantalla anterior.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/print_page.py" line="128"/>
        <source>Print</source>
        <translation>Imprimir</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/print_page.py" line="131"/>
        <source>Sends your copy to the chosen printer.</source>
        <translation>Envía su copia a la impresora elegida.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/print_page.py" line="149"/>
        <source>Number of copies: {n}</source>
        <translation>Número de copias: {n}</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/print_page.py" line="165"/>
        <source>No printer is set up on this tablet. The front desk can print your copy for you later.</source>
        <translation>No hay ninguna impresora configurada en esta tableta. En la recepción pueden imprimirle su copia más tarde.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/print_page.py" line="173"/>
        <source>Printing…</source>
        <translation>Imprimiendo…</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/print_page.py" line="179"/>
        <source>Your copy was sent to the printer “{name}”.</source>
        <translation>Su copia se envió a la impresora «{name}».</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/print_page.py" line="187"/>
        <source>The copy could not be printed. Your signed form is saved; the front desk can print it for you.</source>
        <translation>No se pudo imprimir la copia. Su formulario firmado está guardado; en la recepción pueden imprimírselo.</translation>
    </message>
</context>
<context>
    <name>QuestionsFlow</name>
    <message>
        <location filename="../../intake_app/gui/questions_flow.py" line="61"/>
        <source>The tablet lost its connection to the clinic&apos;s computer. Your answers so far are safe. Trying again…</source>
        <translation>La tableta perdió la conexión con la computadora de la clínica. Sus respuestas anteriores están a salvo. Intentándolo de nuevo…</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/questions_flow.py" line="67"/>
        <source>This answer is not saved yet. It stays here and is saved as soon as the connection is back.</source>
        <translation>Esta respuesta todavía no está guardada. Se queda aquí y se guarda en cuanto vuelva la conexión.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/questions_flow.py" line="263"/>
        <source>Please answer the questions marked below.</source>
        <translation>Responda las preguntas marcadas abajo.</translation>
    </message>
</context>
<context>
    <name>RegistrationWords</name>
    <message>
        <location filename="../../intake_app/gui/screens/registration.py" line="24"/>
        <source>Enter the patient&apos;s first and last name.</source>
        <translation>Escriba el nombre y el apellido del paciente.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/registration.py" line="27"/>
        <source>Choose the patient&apos;s date of birth.</source>
        <translation>Elija la fecha de nacimiento del paciente.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/registration.py" line="30"/>
        <source>That date of birth does not exist.</source>
        <translation>Esa fecha de nacimiento no existe.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/registration.py" line="33"/>
        <source>The date of birth is in the future.</source>
        <translation>La fecha de nacimiento es en el futuro.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/registration.py" line="36"/>
        <source>The name is too long. It was cut at {n} characters.</source>
        <translation>El nombre es demasiado largo. Se cortó a {n} caracteres.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/registration.py" line="42"/>
        <source>This patient has signed records, so the name and date of birth cannot be changed here. If the details are right, go on; if not, end the visit and ask the records desk.</source>
        <translation>Este paciente tiene documentos firmados, así que el nombre y la fecha de nacimiento no se pueden cambiar aquí. Si los datos son correctos, continúe; si no, termine la visita y consulte con el área de expedientes.</translation>
    </message>
</context>
<context>
    <name>ReviewScreen</name>
    <message>
        <location filename="../../intake_app/gui/screens/review.py" line="73"/>
        <source>Please check your answers</source>
        <translation>Revise sus respuestas</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/review.py" line="74"/>
        <source>Tap Edit to change an answer. Then confirm at the bottom of the page.</source>
        <translation>Toque Cambiar para corregir una respuesta. Luego confirme al final de la página.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/review.py" line="77"/>
        <source>I confirm that my answers are correct and complete.</source>
        <translation>Confirmo que mis respuestas son correctas y están completas.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/review.py" line="80"/>
        <source>Tap to confirm, then tap Continue.</source>
        <translation>Toque para confirmar y después toque Continuar.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/review.py" line="144"/>
        <source>Some questions still need an answer:</source>
        <translation>Todavía faltan respuestas a algunas preguntas:</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/review.py" line="149"/>
        <source>Answer</source>
        <translation>Responder</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/review.py" line="151"/>
        <source>Answer: {question}</source>
        <translation>Responder: {question}</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/review.py" line="175"/>
        <source>Edit</source>
        <translation>Cambiar</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/review.py" line="177"/>
        <source>Edit: {question}</source>
        <translation>Cambiar: {question}</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/review.py" line="186"/>
        <source>Your answer: {answer}</source>
        <translation>Su respuesta: {answer}</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/review.py" line="216"/>
        <source>Back</source>
        <translation>Atrás</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/review.py" line="216"/>
        <source>Go to the last page of questions.</source>
        <translation>Ir a la última página de preguntas.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/review.py" line="220"/>
        <source>Continue</source>
        <translation>Continuar</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/review.py" line="223"/>
        <source>Go on to the consent. Your answers can no longer be changed.</source>
        <translation>Seguir al consentimiento. Ya no podrá cambiar sus respuestas.</translation>
    </message>
</context>
<context>
    <name>RowCard</name>
    <message>
        <location filename="../../intake_app/gui/answers/group.py" line="32"/>
        <source>Remove</source>
        <translation>Quitar</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/answers/group.py" line="33"/>
        <source>Take this row away.</source>
        <translation>Quitar esta fila.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/answers/group.py" line="48"/>
        <source>Remove row {number} of {group}</source>
        <translation>Quitar la fila {number} de {group}</translation>
    </message>
</context>
<context>
    <name>SettingsProblemScreen</name>
    <message>
        <location filename="../../intake_app/gui/screens/settings_problem.py" line="45"/>
        <source>The app cannot start yet</source>
        <translation>La aplicación todavía no puede empezar</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/settings_problem.py" line="46"/>
        <source>For staff: the clinic settings file has a problem.</source>
        <translation>Para el personal: el archivo de configuración de la clínica tiene un problema.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/settings_problem.py" line="48"/>
        <source>For staff: the database is not at this app&apos;s version.</source>
        <translation>Para el personal: la base de datos no está en la versión de esta aplicación.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/settings_problem.py" line="50"/>
        <source>For staff: the database could not be reached.</source>
        <translation>Para el personal: no se pudo conectar con la base de datos.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/settings_problem.py" line="53"/>
        <source>File: {path}</source>
        <translation>Archivo: {path}</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/settings_problem.py" line="61"/>
        <source>Open the file, fix the line, save it, then tap Try again.</source>
        <translation>Abra el archivo, corrija la línea, guárdelo y luego toque Intentar de nuevo.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/settings_problem.py" line="63"/>
        <source>Once that is done, tap Try again.</source>
        <translation>Cuando esté hecho, toque Intentar de nuevo.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/settings_problem.py" line="65"/>
        <source>Checked again: the file still has a problem.</source>
        <translation>Se revisó otra vez: el archivo todavía tiene un problema.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/settings_problem.py" line="67"/>
        <source>Checked again: the database is still not at this app&apos;s version.</source>
        <translation>Se revisó otra vez: la base de datos todavía no está en la versión de esta aplicación.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/settings_problem.py" line="69"/>
        <source>Checked again: the database still could not be reached.</source>
        <translation>Se comprobó de nuevo: todavía no se puede conectar con la base de datos.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/settings_problem.py" line="75"/>
        <source>Try again</source>
        <translation>Intentar de nuevo</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/settings_problem.py" line="78"/>
        <source>Check the database again and start the app.</source>
        <translation>Comprobar de nuevo la base de datos e iniciar la aplicación.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/settings_problem.py" line="80"/>
        <source>Read the clinic settings file again and start the app.</source>
        <translation>Leer otra vez el archivo de configuración de la clínica e iniciar la aplicación.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/settings_problem.py" line="93"/>
        <source>Line {n}: {problem}</source>
        <translation>Línea {n}: {problem}</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/settings_problem.py" line="97"/>
        <source>Close the app</source>
        <translation>Cerrar la aplicación</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/settings_problem.py" line="99"/>
        <source>For staff: quit the intake app, to fix the file.</source>
        <translation>Para el personal: cerrar la aplicación de admisión para corregir el archivo.</translation>
    </message>
</context>
<context>
    <name>SetupScreen</name>
    <message>
        <location filename="../../intake_app/gui/screens/setup.py" line="50"/>
        <source>Set up this tablet</source>
        <translation>Configurar esta tableta</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/setup.py" line="52"/>
        <source>No administrator yet. Type the clinic&apos;s name and your own account: you will manage the staff accounts. Choose your own password; none is set in advance.</source>
        <translation>Todavía no hay administrador. Escriba el nombre de la clínica y su propia cuenta: usted administrará las cuentas del personal. Elija su propia contraseña; no hay ninguna fijada de antemano.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/setup.py" line="74"/>
        <source>Clinic name</source>
        <translation>Nombre de la clínica</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/setup.py" line="74"/>
        <source>printed on every chart document</source>
        <translation>aparece en cada documento del expediente</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/setup.py" line="75"/>
        <source>Your name</source>
        <translation>Su nombre</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/setup.py" line="75"/>
        <source>as it is printed on records</source>
        <translation>como aparece en los registros</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/setup.py" line="76"/>
        <source>Your user name</source>
        <translation>Su nombre de usuario</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/setup.py" line="76"/>
        <source>what you sign in with</source>
        <translation>con el que entra</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/setup.py" line="77"/>
        <source>Password</source>
        <translation>Contraseña</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/setup.py" line="77"/>
        <source>at least 10 characters</source>
        <translation>al menos 10 caracteres</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/setup.py" line="78"/>
        <source>Password again</source>
        <translation>Contraseña otra vez</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/setup.py" line="78"/>
        <source>the same password</source>
        <translation>la misma contraseña</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/setup.py" line="79"/>
        <source>Tablet PIN</source>
        <translation>PIN de la tableta</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/setup.py" line="79"/>
        <source>4 to 8 digits, to unlock the tablet</source>
        <translation>de 4 a 8 números, para desbloquear la tableta</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/setup.py" line="80"/>
        <source>PIN again</source>
        <translation>PIN otra vez</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/setup.py" line="80"/>
        <source>the same PIN</source>
        <translation>el mismo PIN</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/setup.py" line="100"/>
        <source>{name} ({hint})</source>
        <translation>{name} ({hint})</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/setup.py" line="137"/>
        <location filename="../../intake_app/gui/screens/setup.py" line="143"/>
        <source>I also work with patients on this tablet</source>
        <translation>También atiendo a pacientes con esta tableta</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/setup.py" line="140"/>
        <source>The nurse role as well: you can start intakes and let a held patient go on. Untick it if you only manage the staff accounts.</source>
        <translation>También el rol de enfermería: puede empezar admisiones y dejar que continúe un paciente en espera. Desmárquelo si solo administra las cuentas del personal.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/setup.py" line="151"/>
        <source>Set up</source>
        <translation>Configurar</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/setup.py" line="154"/>
        <source>Save the clinic&apos;s name and your account, then lock the tablet.</source>
        <translation>Guardar el nombre de la clínica y su cuenta, y luego bloquear la tableta.</translation>
    </message>
</context>
<context>
    <name>SignaturePad</name>
    <message>
        <location filename="../../intake_app/gui/signature_pad.py" line="176"/>
        <source>Sign here with your finger or the pen</source>
        <translation>Firme aquí con el dedo o con el lápiz</translation>
    </message>
</context>
<context>
    <name>SignatureScreen</name>
    <message>
        <location filename="../../intake_app/gui/screens/signature.py" line="92"/>
        <source>What your signature means</source>
        <translation>Lo que significa su firma</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/signature.py" line="103"/>
        <source>Witness&apos;s full name</source>
        <translation>Nombre completo del testigo</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/signature.py" line="112"/>
        <source>Witness&apos;s role</source>
        <translation>Función del testigo</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/signature.py" line="73"/>
        <source>Signature box</source>
        <translation>Recuadro para la firma</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/signature.py" line="98"/>
        <source>Signing on the tablet</source>
        <translation>Firmar en la tableta</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/signature.py" line="103"/>
        <source>Your full name</source>
        <translation>Su nombre completo</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/signature.py" line="109"/>
        <source>The role is too long. It was cut at {n} characters.</source>
        <translation>El cargo es demasiado largo. Se cortó a {n} caracteres.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/signature.py" line="116"/>
        <source>for example: nurse</source>
        <translation>por ejemplo: enfermera</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/signature.py" line="118"/>
        <source>Role</source>
        <translation>Cargo</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/signature.py" line="128"/>
        <source>Required</source>
        <translation>Obligatorio</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/signature.py" line="159"/>
        <source>Please type your own first and last name, as the clinic has them.</source>
        <translation>Escriba su propio nombre y apellido, como los tiene la clínica.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/signature.py" line="163"/>
        <source>The name is too long. It was cut at {n} characters.</source>
        <translation>El nombre es demasiado largo. Se cortó a {n} caracteres.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/signature.py" line="170"/>
        <source>Back</source>
        <translation>Atrás</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/signature.py" line="170"/>
        <source>Go back to the decision.</source>
        <translation>Volver a la decisión.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/signature.py" line="173"/>
        <source>Clear</source>
        <translation>Borrar</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/signature.py" line="175"/>
        <source>Clear the signature</source>
        <translation>Borrar la firma</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/signature.py" line="176"/>
        <source>Start the signature again.</source>
        <translation>Empezar la firma otra vez.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/signature.py" line="180"/>
        <source>Sign</source>
        <translation>Firmar</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/signature.py" line="183"/>
        <source>Works once your name is typed and you have signed in the box.</source>
        <translation>Funciona cuando su nombre está escrito y ha firmado en el recuadro.</translation>
    </message>
</context>
<context>
    <name>SigningFlow</name>
    <message>
        <location filename="../../intake_app/gui/signing_flow.py" line="102"/>
        <source>As witness, I saw the patient sign this consent.</source>
        <translation>Como testigo, vi al paciente firmar este consentimiento.</translation>
    </message>
</context>
<context>
    <name>StaffDesk</name>
    <message>
        <location filename="../../intake_app/gui/staff_desk.py" line="106"/>
        <source>wants more time to decide</source>
        <translation>quiere más tiempo para decidir</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/staff_desk.py" line="108"/>
        <source>visit ended by staff at a hold; nothing signed</source>
        <translation>el personal terminó la visita en una pausa; no se firmó nada</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/staff_desk.py" line="110"/>
        <source>answers confirmed; consent not signed</source>
        <translation>respuestas confirmadas; consentimiento sin firmar</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/staff_desk.py" line="111"/>
        <source>answering the questions</source>
        <translation>respondiendo las preguntas</translation>
    </message>
</context>
<context>
    <name>StaffScreen</name>
    <message>
        <location filename="../../intake_app/gui/screens/staff.py" line="113"/>
        <source>Start a patient&apos;s health questions</source>
        <translation>Empezar las preguntas de salud de un paciente</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/staff.py" line="117"/>
        <source>Start and hand the tablet to the patient</source>
        <translation>Empezar y dar la tableta al paciente</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/staff.py" line="120"/>
        <source>The patient then sees only their own questions.</source>
        <translation>Después el paciente ve solo sus propias preguntas.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/staff.py" line="141"/>
        <source>Unfinished on this tablet</source>
        <translation>Sin terminar en esta tableta</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/staff.py" line="163"/>
        <location filename="../../intake_app/gui/screens/staff.py" line="172"/>
        <source>First name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/staff.py" line="164"/>
        <location filename="../../intake_app/gui/screens/staff.py" line="173"/>
        <source>Last name</source>
        <translation>Apellido</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/staff.py" line="167"/>
        <location filename="../../intake_app/gui/screens/staff.py" line="174"/>
        <source>Date of birth</source>
        <translation>Fecha de nacimiento</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/staff.py" line="167"/>
        <location filename="../../intake_app/gui/screens/staff.py" line="194"/>
        <source>Required</source>
        <translation>Obligatorio</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/staff.py" line="170"/>
        <source>Medical record number (optional)</source>
        <translation>Número de expediente médico (opcional)</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/staff.py" line="171"/>
        <source>Optional</source>
        <translation>Opcional</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/staff.py" line="175"/>
        <source>MRN (optional)</source>
        <translation>N.º de expediente (opcional)</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/staff.py" line="176"/>
        <source>Language</source>
        <translation>Idioma</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/staff.py" line="178"/>
        <location filename="../../intake_app/gui/screens/staff.py" line="187"/>
        <source>Form</source>
        <translation>Formulario</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/staff.py" line="179"/>
        <source>The questions the patient answers</source>
        <translation>Las preguntas que responde el paciente</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/staff.py" line="207"/>
        <source>The MRN is too long. It was cut at {n} characters.</source>
        <translation>El número de expediente es demasiado largo. Se cortó a {n} caracteres.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/staff.py" line="268"/>
        <source>The patient&apos;s language</source>
        <translation>El idioma del paciente</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/staff.py" line="284"/>
        <source>Resume</source>
        <translation>Continuar</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/staff.py" line="286"/>
        <source>Resume {name}</source>
        <translation>Continuar: {name}</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/staff.py" line="291"/>
        <source>End</source>
        <translation>Terminar</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/staff.py" line="293"/>
        <source>End {name}</source>
        <translation>Terminar: {name}</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/staff.py" line="294"/>
        <source>Stop this intake. What was answered is kept.</source>
        <translation>Terminar esta admisión. Lo respondido se guarda.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/staff.py" line="306"/>
        <source>Lock the tablet</source>
        <translation>Bloquear la tableta</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/staff.py" line="308"/>
        <source>Sign out: back to the start screen.</source>
        <translation>Cerrar la sesión: volver a la pantalla de inicio.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/staff.py" line="311"/>
        <source>Signed in: {name}</source>
        <translation>Sesión iniciada: {name}</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/staff.py" line="315"/>
        <source>Close the app</source>
        <translation>Cerrar la aplicación</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/staff.py" line="317"/>
        <source>Quit the intake app on this tablet.</source>
        <translation>Cerrar la aplicación en esta tableta.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/staff.py" line="338"/>
        <source>This MRN is on file for another patient: the name or the date of birth differs. Check the details, or pick the patient on file.</source>
        <translation>Este número de expediente es de otro paciente: el nombre o la fecha de nacimiento no coinciden. Revise los datos o elija al paciente registrado.</translation>
    </message>
</context>
<context>
    <name>StartingScreen</name>
    <message>
        <location filename="../../intake_app/gui/screens/starting.py" line="37"/>
        <source>Clinic name not set</source>
        <translation>Falta el nombre de la clínica</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/starting.py" line="39"/>
        <source>Welcome. Please ask the front desk to start your health questions.</source>
        <translation>Le damos la bienvenida. Pida a la recepción que empiecen sus preguntas de salud.</translation>
    </message>
</context>
<context>
    <name>TalkNote</name>
    <message>
        <location filename="../../intake_app/gui/screens/talk_note.py" line="28"/>
        <source>What did you talk about? (optional, printed in the chart)</source>
        <translation>¿De qué hablaron? (opcional; se imprime en el expediente)</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/talk_note.py" line="33"/>
        <source>What you talked about</source>
        <translation>De qué hablaron</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/talk_note.py" line="44"/>
        <source>Please shorten the note to {n} characters (it has {has}).</source>
        <translation>Acorte la nota a {n} caracteres (tiene {has}).</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/talk_note.py" line="49"/>
        <source>The note has a character that cannot be stored. Please retype it.</source>
        <translation>La nota tiene un carácter que no se puede guardar. Escríbala de nuevo.</translation>
    </message>
</context>
<context>
    <name>TextAnswer</name>
    <message>
        <location filename="../../intake_app/gui/answers/text.py" line="52"/>
        <source>Too long: cut at {n} characters.</source>
        <translation>Muy largo: se cortó a {n} caracteres.</translation>
    </message>
</context>
<context>
    <name>ThankYouScreen</name>
    <message>
        <location filename="../../intake_app/gui/screens/simple.py" line="22"/>
        <source>Thank you.</source>
        <translation>Gracias.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/simple.py" line="23"/>
        <source>Your answers are saved. Please hand the tablet back to the front desk.</source>
        <translation>Sus respuestas están guardadas. Por favor, devuelva la tableta a la recepción.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/simple.py" line="32"/>
        <source>Print a copy for me</source>
        <translation>Imprimir una copia para mí</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/simple.py" line="34"/>
        <source>Prints your signed consent on the clinic&apos;s printer.</source>
        <translation>Imprime su consentimiento firmado en la impresora de la clínica.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/simple.py" line="40"/>
        <source>I have handed the tablet back</source>
        <translation>Ya devolví la tableta</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/simple.py" line="43"/>
        <source>The tablet locks.</source>
        <translation>La tableta se bloquea.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/simple.py" line="52"/>
        <source>Your answers are saved. Take the time you need. Please hand the tablet back and tell the front desk you want more time to decide. A nurse will talk with you.</source>
        <translation>Sus respuestas están guardadas. Tómese el tiempo que necesite. Devuelva la tableta y diga a la recepción que quiere más tiempo para decidir. Una enfermera hablará con usted.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/simple.py" line="60"/>
        <source>Your answers are saved. Nothing was signed. A nurse will talk with you. Please hand the tablet back to the front desk.</source>
        <translation>Sus respuestas están guardadas. No se firmó nada. Una enfermera hablará con usted. Por favor, devuelva la tableta a la recepción.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/simple.py" line="68"/>
        <source>Your withdrawal is recorded. It does not change the rest of your care here. Please hand the tablet back to the front desk.</source>
        <translation>Su retiro quedó registrado. No cambia el resto de su atención aquí. Devuelva la tableta a la recepción.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/simple.py" line="74"/>
        <source>Your signed copy is being prepared.</source>
        <translation>Estamos preparando su copia firmada.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/simple.py" line="77"/>
        <source>Your signed copy is ready. You can print it, or ask for it later.</source>
        <translation>Su copia firmada está lista. Puede imprimirla o pedirla más tarde.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/simple.py" line="80"/>
        <source>Your answers and signature are saved. The front desk will print your copy.</source>
        <translation>Sus respuestas y su firma están guardadas. En la recepción le imprimirán su copia.</translation>
    </message>
</context>
<context>
    <name>WizardScreen</name>
    <message>
        <location filename="../../intake_app/gui/screens/wizard.py" line="222"/>
        <source>Back</source>
        <translation>Atrás</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/wizard.py" line="222"/>
        <source>Go to the page before this one.</source>
        <translation>Ir a la página anterior.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/wizard.py" line="226"/>
        <source>Back to review</source>
        <translation>Volver a la revisión</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/wizard.py" line="226"/>
        <source>Go back to the list of answers.</source>
        <translation>Volver a la lista de respuestas.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/wizard.py" line="231"/>
        <source>Next</source>
        <translation>Siguiente</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/wizard.py" line="234"/>
        <source>Your answers are saved. Go to the next page.</source>
        <translation>Sus respuestas están guardadas. Ir a la página siguiente.</translation>
    </message>
    <message>
        <location filename="../../intake_app/gui/screens/wizard.py" line="325"/>
        <source>Step {step} of {steps}</source>
        <translation>Paso {step} de {steps}</translation>
    </message>
</context>
</TS>
